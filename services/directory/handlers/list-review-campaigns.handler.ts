import { httpRoute } from '../../../shared/http/route-handler';
import { listReviewCampaignsRoute } from '../routes/list-review-campaigns.route';
import { makeListReviewCampaigns } from '../use-cases/campaigns.use-cases';
import { directoryDeps } from './deps';

const list = makeListReviewCampaigns(directoryDeps);

export const handler = httpRoute(listReviewCampaignsRoute, () => list.execute());
