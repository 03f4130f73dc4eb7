import { httpRoute } from '../../../shared/http/route-handler';
import { handleReadFlagRoute } from '../routes/handle-flag.route';
import { PersonReadsStore } from '../store/person-reads.store';
import { makeHandleFlag } from '../use-cases/person-reads.use-cases';

const handle = makeHandleFlag(new PersonReadsStore(), { now: () => new Date() });

export const handler = httpRoute(handleReadFlagRoute, ({ params, body, actor, uow }) => handle.execute(params.flagId, body, actor, uow));
