import { httpRoute } from '../../../shared/http/route-handler';
import { createReviewCampaignRoute } from '../routes/create-review-campaign.route';
import { makeLaunchReviewCampaign } from '../use-cases/campaigns.use-cases';
import { directoryDeps } from './deps';

const launch = makeLaunchReviewCampaign(directoryDeps);

export const handler = httpRoute(createReviewCampaignRoute, ({ body, correlationId }) => launch.execute(body, { correlationId }));
