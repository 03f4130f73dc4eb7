import { httpRoute, reply } from '../../../shared/http/route-handler';
import { myExportRoute } from '../routes/my-export.route';
import { makeExportMyData } from '../use-cases/person-space.use-cases';
import { EXPORT_HEADERS } from './person-export.handler';
import { personSpaceDeps } from './person-space.deps';

const exportMine = makeExportMyData(personSpaceDeps);

export const handler = httpRoute(myExportRoute, async ({ actor }) =>
  reply({ body: await exportMine.execute(actor), headers: EXPORT_HEADERS }),
);
