import { AppointmentParamsSchema, AppointmentViewSchema } from '../domain/appointments.schema';
import { appointmentsRoute, COORDINATION, FIELD, handler } from './common';

export const missedAppointmentRoute = appointmentsRoute({
  id: 'missedAppointment',
  method: 'POST',
  path: '/api/appointments/{id}/missed',
  access: [...FIELD, ...COORDINATION],
  handler: handler('missed-appointment.handler.ts'),
  summary: 'Dire que la personne n’est pas venue (structure du lieu ou coordination), après l’heure du rendez-vous',
  schemas: { params: AppointmentParamsSchema, response: AppointmentViewSchema },
});
