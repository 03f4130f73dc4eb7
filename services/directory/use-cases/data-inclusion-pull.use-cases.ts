import type { DataInclusionSource } from '../exchange/data-inclusion-source';
import { type ImportDeps, type ImportReport, makeImportDataInclusion } from './import-export.use-cases';

export interface PullDeps extends ImportDeps {
  source: DataInclusionSource;
}

type Row = Record<string, unknown>;
const isRow = (value: unknown): value is Row => typeof value === 'object' && value !== null && !Array.isArray(value);
const key = (source: string, id: string) => `${source}\u0000${id}`;

/** Each row's `date_maj`, by source and id, as the API gave it (the import checks the rows themselves). */
function datesOf(rows: unknown[]): Map<string, string> {
  const dates = new Map<string, string>();
  for (const row of rows) {
    if (isRow(row) && typeof row.source === 'string' && typeof row.id === 'string' && typeof row.date_maj === 'string') {
      dates.set(key(row.source, row.id), row.date_maj);
    }
  }
  return dates;
}

/**
 * The daily pull from the data·inclusion API (ADR 0044).
 * Primary course: the département's structures and services, every page, go through the import
 * use case (upsert on `source` + `id`, one transaction per row, its report) → the report, with
 * the rows left aside because a partner verified the entry in Relais on or after the source's
 * `date_maj`: the source never overwrites what a partner confirmed more recently.
 * The API failing → the error goes up (the schedule logs it; nothing half-read is imported).
 */
export function makePullDataInclusion(deps: PullDeps) {
  const importer = makeImportDataInclusion(deps);
  return {
    async execute(correlationId?: string): Promise<ImportReport> {
      const [structures, services] = await Promise.all([deps.source.structures(deps.departement), deps.source.services(deps.departement)]);
      const dates = { structure: datesOf(structures), service: datesOf(services) };
      return importer.execute(
        { structures, services },
        { correlationId, keepVerified: { updatedOn: (kind, origin) => dates[kind].get(key(origin.source, origin.id)) } },
      );
    },
  };
}
