import { httpRoute } from '../../../shared/http/route-handler';
import { platformService } from '../service';
import { AuditStore } from '../store/audit.store';
import { makeListAudit } from '../use-cases/audit.use-cases';

const list = makeListAudit(new AuditStore(), { now: () => new Date() });

export const handler = httpRoute(platformService, 'listAudit', ({ query, actor, uow }) => list.execute(query, actor, uow));
