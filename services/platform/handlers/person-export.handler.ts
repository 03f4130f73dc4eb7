import { httpRoute, reply } from '../../../shared/http/route-handler';
import { EXPORT_HEADERS } from '../person-data/export-file';
import { personExportRoute } from '../routes/person-export.route';
import { makeExportPersonData } from '../use-cases/person-space.use-cases';
import { personSpaceDeps } from './person-space.deps';

const exportOne = makeExportPersonData(personSpaceDeps);

export const handler = httpRoute(personExportRoute, async ({ params, actor, uow }) =>
  reply({ body: await exportOne.execute(params.id, actor, uow), headers: EXPORT_HEADERS }),
);
