import { httpRoute } from '../../../shared/http/route-handler';
import { directoryService } from '../service';
import { makeCorrectReviewSite, makeVerifyReviewLink } from '../use-cases/review.use-cases';
import { reviewLinkDeps } from './review-deps';

const correct = makeCorrectReviewSite(reviewLinkDeps());
const verify = makeVerifyReviewLink(reviewLinkDeps());

export const handler = httpRoute(
  directoryService,
  'correctReviewSite',
  ({ params, body, uow, correlationId }) => correct.execute(params.token, params.id, body, { uow, correlationId }),
  { verify: ({ params }) => verify.execute(params.token) },
);
