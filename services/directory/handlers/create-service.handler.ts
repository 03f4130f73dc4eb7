// Installs the numbering plans into the phone fields (shared/validation/phone.ts): only the handlers that write numbers load them.
import '../../../shared/validation/phone.check';
import { httpRoute } from '../../../shared/http/route-handler';
import { makeCreateService } from '../use-cases/services.use-cases';
import { directoryDeps } from './deps';
import './write-deps';
import { createServiceRoute } from '../routes/create-service.route';

const createService = makeCreateService(directoryDeps);

export const handler = httpRoute(createServiceRoute, ({ body, actor, uow, correlationId }) =>
  createService.execute(body, actor, { uow, correlationId }),
);
