import { chainPendingReadsOf } from '../../../shared/auth/audit';
import { httpRoute } from '../../../shared/http/route-handler';
import { myReadsRoute } from '../routes/my-reads.route';
import { PersonReadsStore } from '../store/person-reads.store';
import { makeListMyReads } from '../use-cases/person-reads.use-cases';

const list = makeListMyReads(new PersonReadsStore(), chainPendingReadsOf);

export const handler = httpRoute(myReadsRoute, ({ query, actor }) => list.execute(query, actor));
