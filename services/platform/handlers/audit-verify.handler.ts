import { httpRoute } from '../../../shared/http/route-handler';
import { verifyAuditRoute } from '../routes/audit-verify.route';
import { AuditStore } from '../store/audit.store';
import { makeVerifyAudit } from '../use-cases/audit.use-cases';

const verify = makeVerifyAudit(new AuditStore());

export const handler = httpRoute(verifyAuditRoute, ({ query }) => verify.execute(query.personId));
