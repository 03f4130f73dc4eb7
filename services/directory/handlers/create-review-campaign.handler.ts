import { httpRoute } from '../../../shared/http/route-handler';
import { directoryService } from '../service';
import { makeLaunchReviewCampaign } from '../use-cases/campaigns.use-cases';
import { directoryDeps } from './deps';

const launch = makeLaunchReviewCampaign(directoryDeps);

export const handler = httpRoute(directoryService, 'createReviewCampaign', ({ body, correlationId }) =>
  launch.execute(body, { correlationId }),
);
