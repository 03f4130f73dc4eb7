import { httpRoute, reply } from '../../../shared/http/route-handler';
import { exportDirectoryRoute } from '../routes/export-directory.route';
import { makeExportDirectory } from '../use-cases/export-directory.use-cases';
import { communeCache, departement } from './communes.deps';
import { directoryDeps } from './deps';

const exportDirectory = makeExportDirectory({
  ...directoryDeps,
  get departement() {
    return departement();
  },
  async communeName() {
    const names = new Map((await communeCache.list(departement())).map((c) => [c.code, c.name]));
    return (code: string) => names.get(code);
  },
});

export const handler = httpRoute(exportDirectoryRoute, async ({ query }) => {
  const body = await exportDirectory.execute(query.format);
  const day = directoryDeps.clock.now().toISOString().slice(0, 10);
  return reply({ body, headers: { 'content-disposition': `attachment; filename="annuaire-${query.format}-${day}.json"` } });
});
