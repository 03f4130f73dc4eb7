import { httpRoute, reply } from '../../../shared/http/route-handler';
import { EXPORT_HEADERS } from '../person-data/export-file';
import { myExportRoute } from '../routes/my-export.route';
import { makeExportMyData } from '../use-cases/person-space.use-cases';
import { personSpaceDeps } from './person-space.deps';

const exportMine = makeExportMyData(personSpaceDeps);

export const handler = httpRoute(myExportRoute, async ({ actor }) =>
  reply({ body: await exportMine.execute(actor), headers: EXPORT_HEADERS }),
);
