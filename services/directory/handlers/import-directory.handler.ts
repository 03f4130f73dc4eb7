import { httpRoute } from '../../../shared/http/route-handler';
import { importDirectoryRoute } from '../routes/import-directory.route';
import { makeImportDataInclusion } from '../use-cases/import-export.use-cases';
import { geo } from './geo-deps';
import { siteWriteDeps } from './write-deps';

const importDirectory = makeImportDataInclusion({ ...siteWriteDeps(), departement: geo().departement });

export const handler = httpRoute(importDirectoryRoute, ({ body, correlationId }) => importDirectory.execute(body, { correlationId }));
