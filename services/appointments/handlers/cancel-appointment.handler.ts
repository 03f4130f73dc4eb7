import { httpRoute } from '../../../shared/http/route-handler';
import { cancelAppointmentRoute } from '../routes/cancel-appointment.route';
import { CancelAppointment } from '../use-cases/appointments.use-cases';
import { appointmentsDeps } from './deps';

const useCase = CancelAppointment(appointmentsDeps);

export const handler = httpRoute(cancelAppointmentRoute, ({ params, actor, correlationId }) =>
  useCase.execute({ id: params.id }, actor, { correlationId }),
);
