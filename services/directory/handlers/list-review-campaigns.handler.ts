import { httpRoute } from '../../../shared/http/route-handler';
import { directoryService } from '../service';
import { makeListReviewCampaigns } from '../use-cases/campaigns.use-cases';
import { directoryDeps } from './deps';

const list = makeListReviewCampaigns(directoryDeps);

export const handler = httpRoute(directoryService, 'listReviewCampaigns', () => list.execute());
