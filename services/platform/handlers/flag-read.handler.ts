import { httpRoute } from '../../../shared/http/route-handler';
import { newId } from '../../../shared/validation/common.schema';
import { flagReadRoute } from '../routes/flag-read.route';
import { PersonReadsStore } from '../store/person-reads.store';
import { makeFlagRead } from '../use-cases/person-reads.use-cases';

const flag = makeFlagRead(new PersonReadsStore(), { now: () => new Date() }, newId);

export const handler = httpRoute(flagReadRoute, ({ params, body, actor, uow }) => flag.execute(params.readId, body, actor, uow));
