import { httpRoute } from '../../../shared/http/route-handler';
import { platformService } from '../service';
import { PersonReadsStore } from '../store/person-reads.store';
import { makeHandleFlag } from '../use-cases/person-reads.use-cases';

const handle = makeHandleFlag(new PersonReadsStore(), { now: () => new Date() });

export const handler = httpRoute(platformService, 'handleReadFlag', ({ params, body, actor, uow }) =>
  handle.execute(params.flagId, body, actor, uow),
);
