import { ReviewLinkParamsSchema, ReviewLinkViewSchema } from '../domain/review';
import { directoryRoute, handler } from './common';

export const getReviewLinkRoute = directoryRoute({
  id: 'getReviewLink',
  method: 'GET',
  path: '/api/review-links/{token}',
  access: 'public',
  handler: handler('get-review-link.handler.ts'),
  summary: 'Lien de vérification : les fiches d’une structure à vérifier (sans compte)',
  publicCredential: 'Lien signé',
  schemas: { params: ReviewLinkParamsSchema, response: ReviewLinkViewSchema },
  // A link past its 30 days (410, with the coordination's contact).
  errorStatuses: [410],
});
