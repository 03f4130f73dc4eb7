import { httpRoute } from '../../../shared/http/route-handler';
import { missedAppointmentRoute } from '../routes/missed-appointment.route';
import { MissedAppointment } from '../use-cases/appointments.use-cases';
import { appointmentsDeps } from './deps';

const useCase = MissedAppointment(appointmentsDeps);

export const handler = httpRoute(missedAppointmentRoute, ({ params, actor, correlationId }) =>
  useCase.execute({ id: params.id }, actor, { correlationId }),
);
