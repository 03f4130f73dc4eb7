import { httpRoute } from '../../../shared/http/route-handler';
import { bookWithLinkRoute } from '../routes/book-with-link.route';
import { BookWithLink, makeVerifyBookingLink } from '../use-cases/booking-links.use-cases';
import { bookingLinkDeps } from './deps';
import { bookedOrTaken } from './slot-taken';

const book = BookWithLink(bookingLinkDeps);
const verify = makeVerifyBookingLink(bookingLinkDeps);

/** As `POST /api/appointments`: the use case commits its own transactions; a taken slot is a 409 with the next free ones. */
export const handler = httpRoute(
  bookWithLinkRoute,
  async ({ params, body, correlationId, route }) => {
    const result = await book.execute({ token: params.token, ...body }, null, { correlationId });
    return bookedOrTaken(result, route);
  },
  // The link is checked before any Idempotency-Key: a stored answer is never replayed to a bad link.
  { verify: ({ params }) => verify.execute(params.token) },
);
