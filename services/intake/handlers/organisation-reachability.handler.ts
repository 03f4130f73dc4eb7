import { httpRoute } from '../../../shared/http/route-handler';
import { intakeService } from '../service';
import { makeOrganisationReachability } from '../use-cases/reachability.use-cases';
import { intakeDeps } from './deps';

const reachability = makeOrganisationReachability(intakeDeps);

export const handler = httpRoute(intakeService, 'organisationReachability', ({ params, actor }) =>
  reachability.execute(params.id, actor),
);
