import { httpRoute } from '../../../shared/http/route-handler';
import { organisationReachabilityRoute } from '../routes/organisation-reachability.route';
import { makeOrganisationReachability } from '../use-cases/reachability.use-cases';
import { intakeDeps } from './deps';

const reachability = makeOrganisationReachability(intakeDeps);

export const handler = httpRoute(organisationReachabilityRoute, ({ params, actor }) => reachability.execute(params.id, actor));
