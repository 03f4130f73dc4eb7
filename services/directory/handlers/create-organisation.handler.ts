// Installs the numbering plans into the phone fields (shared/validation/phone.ts): only the handlers that write numbers load them.
import '../../../shared/validation/phone.check';
import { httpRoute } from '../../../shared/http/route-handler';
import { createOrganisationRoute } from '../routes/create-organisation.route';
import { makeCreateOrganisation } from '../use-cases/organisations.use-cases';
import { entryDeps } from './entry-deps';

const createOrganisation = makeCreateOrganisation(entryDeps);

export const handler = httpRoute(createOrganisationRoute, ({ body, actor, uow, correlationId }) =>
  createOrganisation.execute(body, actor, { uow, correlationId }),
);
