// Installs the numbering plans into the phone fields (shared/validation/phone.ts): only the handlers that write numbers load them.
import '../../../shared/validation/phone.check';
import { httpRoute } from '../../../shared/http/route-handler';
import { makeCreateService } from '../use-cases/services.use-cases';
import { entryDeps } from './entry-deps';
import './write-deps';
import { createServiceRoute } from '../routes/create-service.route';

const createService = makeCreateService(entryDeps);

export const handler = httpRoute(createServiceRoute, ({ body, actor, uow, correlationId }) =>
  createService.execute(body, actor, { uow, correlationId }),
);
