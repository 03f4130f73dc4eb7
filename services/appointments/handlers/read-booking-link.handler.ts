import { httpRoute } from '../../../shared/http/route-handler';
import { appointmentsService } from '../service';
import { makeReadBookingLink } from '../use-cases/booking-links.use-cases';
import { bookingLinkDeps } from './deps';

const read = makeReadBookingLink(bookingLinkDeps);

export const handler = httpRoute(appointmentsService, 'readBookingLink', ({ params }) => read.execute(params.token));
