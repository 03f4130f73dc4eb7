import { httpRoute } from '../../../shared/http/route-handler';
import { cancelWithLinkRoute } from '../routes/cancel-with-link.route';
import { CancelWithLink, makeVerifyAppointmentLink } from '../use-cases/manage-link.use-cases';
import { bookingLinkDeps } from './deps';

const cancel = CancelWithLink(bookingLinkDeps);
const verify = makeVerifyAppointmentLink(bookingLinkDeps);

export const handler = httpRoute(
  cancelWithLinkRoute,
  ({ params, correlationId }) => cancel.execute({ token: params.token }, null, { correlationId }),
  // The link is checked before any Idempotency-Key: a stored answer is never replayed to a bad link.
  { verify: ({ params }) => verify.execute(params.token) },
);
