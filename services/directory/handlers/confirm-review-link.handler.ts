import { httpRoute } from '../../../shared/http/route-handler';
import { confirmReviewLinkRoute } from '../routes/confirm-review-link.route';
import { makeConfirmReviewLink, makeVerifyReviewLink } from '../use-cases/review.use-cases';
import { reviewLinkDeps } from './review-deps';

const confirm = makeConfirmReviewLink(reviewLinkDeps());
const verify = makeVerifyReviewLink(reviewLinkDeps());

export const handler = httpRoute(
  confirmReviewLinkRoute,
  ({ params, uow, correlationId }) => confirm.execute(params.token, { uow, correlationId }),
  // The link is checked before any Idempotency-Key: a stored answer is never replayed to a bad link.
  { verify: ({ params }) => verify.execute(params.token) },
);
