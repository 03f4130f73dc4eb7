// Installs the numbering plans into the phone fields (shared/validation/phone.ts): only the handlers that write numbers load them.
import '../../../shared/validation/phone.check';
import { httpRoute } from '../../../shared/http/route-handler';
import { makeUpdateService } from '../use-cases/services.use-cases';
import { entryDeps } from './entry-deps';
import './write-deps';
import { patchServiceRoute } from '../routes/patch-service.route';

const updateService = makeUpdateService(entryDeps);

export const handler = httpRoute(patchServiceRoute, ({ params, body, actor, uow, correlationId }) =>
  updateService.execute(params.id, body, actor, { uow, correlationId }),
);
