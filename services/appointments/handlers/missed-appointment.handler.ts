import { httpRoute } from '../../../shared/http/route-handler';
import { appointmentsService } from '../service';
import { MissedAppointment } from '../use-cases/appointments.use-cases';
import { appointmentsDeps } from './deps';

const useCase = MissedAppointment(appointmentsDeps);

export const handler = httpRoute(appointmentsService, 'missedAppointment', ({ params, actor, correlationId }) =>
  useCase.execute({ id: params.id }, actor, { correlationId }),
);
