import { httpRoute } from '../../../shared/http/route-handler';
import { listReadFlagsRoute } from '../routes/list-flags.route';
import { PersonReadsStore } from '../store/person-reads.store';
import { makeListFlags } from '../use-cases/person-reads.use-cases';

const list = makeListFlags(new PersonReadsStore());

export const handler = httpRoute(listReadFlagsRoute, ({ query, actor }) => list.execute(query, actor));
