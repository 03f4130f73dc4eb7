import { httpRoute } from '../../../shared/http/route-handler';
import { importDirectoryRoute } from '../routes/import-directory.route';
import { makeImportDataInclusion } from '../use-cases/import-export.use-cases';
import { departement } from './communes.deps';
import { siteWriteDeps } from './write-deps';

const importDirectory = makeImportDataInclusion({ ...siteWriteDeps(), departement: departement() });

export const handler = httpRoute(importDirectoryRoute, ({ body, correlationId }) => importDirectory.execute(body, { correlationId }));
