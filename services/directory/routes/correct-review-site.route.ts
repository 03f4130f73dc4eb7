import { ReviewLinkSiteParamsSchema, ReviewLinkViewSchema, ReviewSiteCorrectionSchema } from '../domain/review';
import { directoryRoute, handler } from './common';

export const correctReviewSiteRoute = directoryRoute({
  id: 'correctReviewSite',
  method: 'PATCH',
  path: '/api/review-links/{token}/sites/{id}',
  access: 'public',
  handler: handler('correct-review-site.handler.ts'),
  summary: 'Lien de vérification : corriger les horaires ou le téléphone d’un lieu, ou le dire fermé',
  publicCredential: 'Lien signé',
  schemas: { params: ReviewLinkSiteParamsSchema, body: ReviewSiteCorrectionSchema, response: ReviewLinkViewSchema },
  errorStatuses: [410],
});
