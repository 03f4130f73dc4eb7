// Installs the numbering plans into the phone fields (shared/validation/phone.ts): only the handlers that write numbers load them.
import '../../../shared/validation/phone.check';
import { httpRoute } from '../../../shared/http/route-handler';
import { patchOrganisationRoute } from '../routes/patch-organisation.route';
import { makeUpdateOrganisation } from '../use-cases/organisations.use-cases';
import { entryDeps } from './entry-deps';

const updateOrganisation = makeUpdateOrganisation(entryDeps);

export const handler = httpRoute(patchOrganisationRoute, ({ params, body, actor, uow, correlationId }) =>
  updateOrganisation.execute(params.id, body, actor, { uow, correlationId }),
);
