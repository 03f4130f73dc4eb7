import { httpRoute } from '../../../shared/http/route-handler';
import { appointmentsService } from '../service';
import { HonouredAppointment } from '../use-cases/appointments.use-cases';
import { appointmentsDeps } from './deps';

const useCase = HonouredAppointment(appointmentsDeps);

export const handler = httpRoute(appointmentsService, 'honouredAppointment', ({ params, actor, correlationId }) =>
  useCase.execute({ id: params.id }, actor, { correlationId }),
);
