import { httpRoute } from '../../../shared/http/route-handler';
import { correctReviewSiteRoute } from '../routes/correct-review-site.route';
import { makeCorrectReviewSite, makeVerifyReviewLink } from '../use-cases/review.use-cases';
import { reviewCorrectionDeps } from './review-correction-deps';

const deps = reviewCorrectionDeps();
const correct = makeCorrectReviewSite(deps);
const verify = makeVerifyReviewLink(deps);

export const handler = httpRoute(
  correctReviewSiteRoute,
  ({ params, body, uow, correlationId }) => correct.execute(params.token, params.id, body, { uow, correlationId }),
  { verify: ({ params }) => verify.execute(params.token) },
);
