import { httpRoute } from '../../../shared/http/route-handler';
import { listAuditRoute } from '../routes/audit-list.route';
import { AuditStore } from '../store/audit.store';
import { makeListAudit } from '../use-cases/audit.use-cases';

const list = makeListAudit(new AuditStore(), { now: () => new Date() });

export const handler = httpRoute(listAuditRoute, ({ query, actor, uow }) => list.execute(query, actor, uow));
