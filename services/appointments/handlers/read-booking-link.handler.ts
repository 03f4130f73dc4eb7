import { httpRoute } from '../../../shared/http/route-handler';
import { readBookingLinkRoute } from '../routes/read-booking-link.route';
import { makeReadBookingLink } from '../use-cases/booking-links.use-cases';
import { bookingLinkDeps } from './deps';

const read = makeReadBookingLink(bookingLinkDeps);

export const handler = httpRoute(readBookingLinkRoute, ({ params }) => read.execute(params.token));
