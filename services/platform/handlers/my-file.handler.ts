import { httpRoute } from '../../../shared/http/route-handler';
import { myFileRoute } from '../routes/my-file.route';
import { makeReadMyFile } from '../use-cases/person-space.use-cases';
import { personSpaceDeps } from './person-space.deps';

const read = makeReadMyFile(personSpaceDeps);

export const handler = httpRoute(myFileRoute, ({ actor }) => read.execute(actor));
