import { httpRoute, reply } from '../../../shared/http/route-handler';
import { personExportRoute } from '../routes/person-export.route';
import { makeExportPersonData } from '../use-cases/person-space.use-cases';
import { personSpaceDeps } from './person-space.deps';

export const EXPORT_HEADERS = {
  'content-type': 'application/zip',
  'content-disposition': 'attachment; filename="mes-donnees-relais.zip"',
  'cache-control': 'no-store',
};

const exportOne = makeExportPersonData(personSpaceDeps);

export const handler = httpRoute(personExportRoute, async ({ params, actor, uow }) =>
  reply({ body: await exportOne.execute(params.id, actor, uow), headers: EXPORT_HEADERS }),
);
