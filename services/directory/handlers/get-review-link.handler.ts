import { httpRoute } from '../../../shared/http/route-handler';
import { getReviewLinkRoute } from '../routes/get-review-link.route';
import { makeReadReviewLink } from '../use-cases/review.use-cases';
import { reviewLinkDeps } from './review-deps';

const read = makeReadReviewLink(reviewLinkDeps());

export const handler = httpRoute(getReviewLinkRoute, ({ params }) => read.execute(params.token));
