import { newId } from '../../../shared/validation/common.schema';
import { DynamoAppointmentsRepository } from '../store/appointments.repository';
import type { AppointmentsDeps } from '../use-cases/appointments.use-cases';

/** Production wiring, built once per process (module scope). */
export const appointmentsDeps: AppointmentsDeps = {
  repository: new DynamoAppointmentsRepository(),
  clock: { now: () => new Date() },
  newId,
};
