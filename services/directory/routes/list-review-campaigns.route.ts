import { ReviewCampaignPageSchema } from '../domain/campaign';
import { COORDINATION, directoryRoute, handler } from './common';

export const listReviewCampaignsRoute = directoryRoute({
  id: 'listReviewCampaigns',
  method: 'GET',
  path: '/api/review-campaigns',
  access: COORDINATION,
  handler: handler('list-review-campaigns.handler.ts'),
  summary: 'Les campagnes de mise à jour de l’annuaire et leur avancement (envoyés, confirmés, corrigés, sans réponse)',
  schemas: { response: ReviewCampaignPageSchema },
});
