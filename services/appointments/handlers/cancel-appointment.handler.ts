import { httpRoute } from '../../../shared/http/route-handler';
import { appointmentsService } from '../service';
import { CancelAppointment } from '../use-cases/appointments.use-cases';
import { appointmentsDeps } from './deps';

const useCase = CancelAppointment(appointmentsDeps);

export const handler = httpRoute(appointmentsService, 'cancelAppointment', ({ params, actor, correlationId }) =>
  useCase.execute({ id: params.id }, actor, { correlationId }),
);
