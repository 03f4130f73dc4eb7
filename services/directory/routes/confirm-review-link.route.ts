import { ReviewLinkParamsSchema, ReviewLinkViewSchema } from '../domain/review';
import { directoryRoute, handler } from './common';

export const confirmReviewLinkRoute = directoryRoute({
  id: 'confirmReviewLink',
  method: 'POST',
  path: '/api/review-links/{token}/confirm',
  access: 'public',
  handler: handler('confirm-review-link.handler.ts'),
  summary: 'Lien de vérification : « tout est juste », en un clic',
  publicCredential: 'Lien signé',
  schemas: { params: ReviewLinkParamsSchema, response: ReviewLinkViewSchema },
  errorStatuses: [410],
});
