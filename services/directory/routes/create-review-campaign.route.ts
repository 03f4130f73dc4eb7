import { CreateReviewCampaignSchema, ReviewCampaignSchema } from '../domain/campaign';
import { COORDINATION, directoryRoute, handler } from './common';

export const createReviewCampaignRoute = directoryRoute({
  id: 'createReviewCampaign',
  method: 'POST',
  path: '/api/review-campaigns',
  access: COORDINATION,
  handler: handler('create-review-campaign.handler.ts'),
  summary:
    'Lancer une campagne de mise à jour pour un territoire ou un type de structure : un message par partenaire avec le lien de vérification',
  schemas: { body: CreateReviewCampaignSchema, response: ReviewCampaignSchema },
  successStatus: 201,
  // An unknown territory or organisation kind (422).
  errorStatuses: [422],
});
