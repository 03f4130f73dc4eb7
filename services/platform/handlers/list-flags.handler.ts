import { httpRoute } from '../../../shared/http/route-handler';
import { platformService } from '../service';
import { PersonReadsStore } from '../store/person-reads.store';
import { makeListFlags } from '../use-cases/person-reads.use-cases';

const list = makeListFlags(new PersonReadsStore());

export const handler = httpRoute(platformService, 'listReadFlags', ({ query, actor }) => list.execute(query, actor));
