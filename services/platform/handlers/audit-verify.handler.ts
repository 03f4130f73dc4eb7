import { httpRoute } from '../../../shared/http/route-handler';
import { platformService } from '../service';
import { AuditStore } from '../store/audit.store';
import { makeVerifyAudit } from '../use-cases/audit.use-cases';

const verify = makeVerifyAudit(new AuditStore());

export const handler = httpRoute(platformService, 'verifyAudit', ({ query }) => verify.execute(query.personId));
