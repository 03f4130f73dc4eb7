import type { DirectoryDeps } from '../domain/directory.ports';
import { toDataInclusion } from '../formats/data-inclusion';
import { toHsds } from '../formats/hsds';

// The export in a module of its own: the import (import-export.use-cases.ts) checks phones and
// opening hours with their libraries, which the export function does not need to load
// (docs/adr/0054-lighter-libraries.md).

export type ExportFormat = 'data-inclusion' | 'hsds';

/** The whole directory in an open format (data·inclusion v1 or HSDS 3.0), read by indexed queries. */
export function makeExportDirectory(
  deps: DirectoryDeps & { departement: string; communeName: () => Promise<(code: string) => string | undefined> },
) {
  return {
    async execute(format: ExportFormat) {
      const [organisations, sites, services, communeName] = await Promise.all([
        deps.repository.allOrganisations(),
        deps.repository.allSites(),
        deps.repository.allServices(),
        deps.communeName(),
      ]);
      const snapshot = { organisations, sites: sites.map(({ openIntervals: _h, ...site }) => site), services };
      const options = { departement: deps.departement, communeName };
      return format === 'hsds' ? toHsds(snapshot, options) : toDataInclusion(snapshot, options);
    },
  };
}
