import { httpRoute } from '../../../shared/http/route-handler';
import { platformService } from '../service';
import { makeReadMyFile } from '../use-cases/person-space.use-cases';
import { personSpaceDeps } from './person-space.deps';

const read = makeReadMyFile(personSpaceDeps);

export const handler = httpRoute(platformService, 'myFile', ({ actor }) => read.execute(actor));
