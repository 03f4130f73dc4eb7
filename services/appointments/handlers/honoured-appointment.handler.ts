import { httpRoute } from '../../../shared/http/route-handler';
import { honouredAppointmentRoute } from '../routes/honoured-appointment.route';
import { HonouredAppointment } from '../use-cases/appointments.use-cases';
import { appointmentsDeps } from './deps';

const useCase = HonouredAppointment(appointmentsDeps);

export const handler = httpRoute(honouredAppointmentRoute, ({ params, actor, correlationId }) =>
  useCase.execute({ id: params.id }, actor, { correlationId }),
);
