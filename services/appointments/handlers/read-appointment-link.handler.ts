import { httpRoute } from '../../../shared/http/route-handler';
import { appointmentsService } from '../service';
import { makeReadAppointmentLink } from '../use-cases/manage-link.use-cases';
import { bookingLinkDeps } from './deps';

const read = makeReadAppointmentLink(bookingLinkDeps);

export const handler = httpRoute(appointmentsService, 'readAppointmentLink', ({ params }) => read.execute(params.token));
