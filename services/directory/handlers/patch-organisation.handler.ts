// Installs the numbering plans into the phone fields (shared/validation/phone.ts): only the handlers that write numbers load them.
import '../../../shared/validation/phone.check';
import { httpRoute } from '../../../shared/http/route-handler';
import { patchOrganisationRoute } from '../routes/patch-organisation.route';
import { makeUpdateOrganisation } from '../use-cases/organisations.use-cases';
import { directoryDeps } from './deps';

const updateOrganisation = makeUpdateOrganisation(directoryDeps);

export const handler = httpRoute(patchOrganisationRoute, ({ params, body, actor, uow, correlationId }) =>
  updateOrganisation.execute(params.id, body, actor, { uow, correlationId }),
);
