import { httpRoute } from '../../../shared/http/route-handler';
import { directoryService } from '../service';
import { makeCreateOrganisation } from '../use-cases/organisations.use-cases';
import { directoryDeps } from './deps';

const createOrganisation = makeCreateOrganisation(directoryDeps);

export const handler = httpRoute(directoryService, 'createOrganisation', ({ body, actor, uow, correlationId }) =>
  createOrganisation.execute(body, actor, { uow, correlationId }),
);
