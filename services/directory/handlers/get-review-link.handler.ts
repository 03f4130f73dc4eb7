import { httpRoute } from '../../../shared/http/route-handler';
import { directoryService } from '../service';
import { makeReadReviewLink } from '../use-cases/review.use-cases';
import { reviewLinkDeps } from './review-deps';

const read = makeReadReviewLink(reviewLinkDeps());

export const handler = httpRoute(directoryService, 'getReviewLink', ({ params }) => read.execute(params.token));
