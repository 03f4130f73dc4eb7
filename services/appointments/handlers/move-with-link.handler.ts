import { httpRoute } from '../../../shared/http/route-handler';
import { moveWithLinkRoute } from '../routes/move-with-link.route';
import { MoveWithLink, makeVerifyAppointmentLink } from '../use-cases/manage-link.use-cases';
import { bookingLinkDeps } from './deps';
import { bookedOrTaken } from './slot-taken';

const move = MoveWithLink(bookingLinkDeps);
const verify = makeVerifyAppointmentLink(bookingLinkDeps);

/** As the self-booking link: a taken slot is a 409 with the next free ones, and nothing changed. */
export const handler = httpRoute(
  moveWithLinkRoute,
  async ({ params, body, correlationId, route }) => {
    const result = await move.execute({ token: params.token, ...body }, null, { correlationId });
    return bookedOrTaken(result, route);
  },
  { verify: ({ params }) => verify.execute(params.token) },
);
