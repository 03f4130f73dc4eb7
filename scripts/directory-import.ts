/**
 * `npm run directory:import -- fichier.json [--api URL]`: import a data·inclusion v1 file
 * (`{ structures, services }`) into a running Relais, by slices that stay under the route's
 * body limit, with a progress bar and the report at the end (created, updated, unchanged, and
 * every rejected row with its reasons, numbered as in the file).
 *
 * Local stack: signs in as the demo coordinator. Elsewhere: RELAIS_TOKEN must hold the ID token
 * of a coordinator (`pilote`) or admin.
 */
import { readFileSync } from 'node:fs';
import { SingleBar } from 'cli-progress';

interface Reason {
  path: string;
  message: string;
}
interface Rejected {
  kind: 'structure' | 'service';
  index: number;
  source?: string;
  id?: string;
  reasons: Reason[];
}
interface Counts {
  created: number;
  updated: number;
  unchanged: number;
}
interface Report {
  structures: Counts;
  services: Counts;
  rejected: Rejected[];
}

const MAX_SLICE_BYTES = 900 * 1024;
// About 0.1 s per row on AWS: a slice stays well within the route's 10 s timeout.
const MAX_SLICE_ROWS = 25;

function usage(message: string): never {
  console.error(`${message}\nUsage : npm run directory:import -- fichier.json [--api http://localhost:3000]`);
  process.exit(2);
}

function parseArgs(argv: string[]) {
  let file: string | undefined;
  let api = process.env.RELAIS_API_URL ?? 'http://localhost:3000';
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--api') api = argv[++i] ?? usage('--api attend une adresse');
    else if (arg.startsWith('--api=')) api = arg.slice(6);
    else if (!file) file = arg;
    else usage(`Argument inattendu : ${arg}`);
  }
  if (!file) usage('Indiquez le fichier à importer.');
  return { file, api: api.replace(/\/$/, '') };
}

/** Rows cut into slices under the body limit; each slice keeps the rows' positions in the file. */
export function slices<T>(rows: T[], maxRows = MAX_SLICE_ROWS, maxBytes = MAX_SLICE_BYTES): Array<{ start: number; rows: T[] }> {
  const out: Array<{ start: number; rows: T[] }> = [];
  let current: { start: number; rows: T[] } = { start: 0, rows: [] };
  let bytes = 0;
  rows.forEach((row, index) => {
    const size = Buffer.byteLength(JSON.stringify(row), 'utf8') + 1;
    if (current.rows.length && (current.rows.length >= maxRows || bytes + size > maxBytes)) {
      out.push(current);
      current = { start: index, rows: [] };
      bytes = 0;
    }
    current.rows.push(row);
    bytes += size;
  });
  if (current.rows.length) out.push(current);
  return out;
}

async function token(api: string): Promise<string> {
  if (process.env.RELAIS_TOKEN) return process.env.RELAIS_TOKEN;
  const res = await fetch(`${api}/api/auth/dev/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'pilote' }),
  });
  if (!res.ok) usage(`Connexion impossible à ${api} (${res.status}) : hors pile locale, renseignez RELAIS_TOKEN.`);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

async function main(): Promise<void> {
  const { file, api } = parseArgs(process.argv.slice(2));
  let payload: { structures?: unknown[]; services?: unknown[] };
  try {
    payload = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    usage(`Lecture impossible de ${file} : ${(error as Error).message}`);
  }
  const structures = Array.isArray(payload.structures) ? payload.structures : [];
  const services = Array.isArray(payload.services) ? payload.services : [];
  if (!structures.length && !services.length) usage('Le fichier ne contient ni « structures » ni « services ».');

  const bearer = await token(api);
  const total: Report = {
    structures: { created: 0, updated: 0, unchanged: 0 },
    services: { created: 0, updated: 0, unchanged: 0 },
    rejected: [],
  };
  const bar = new SingleBar({
    format: 'Import {bar} {value}/{total} lignes · {eta_formatted} restant',
    barCompleteChar: '█',
    barIncompleteChar: '░',
    hideCursor: true,
  });
  bar.start(structures.length + services.length, 0);
  // Structures first: services name their structure, which must exist by then.
  for (const [kind, rows] of [
    ['structures', structures],
    ['services', services],
  ] as const) {
    for (const slice of slices(rows)) {
      const res = await fetch(`${api}/api/directory/import?format=data-inclusion`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
        body: JSON.stringify({ [kind]: slice.rows }),
      });
      const body = (await res.json()) as Report & { detail?: string };
      if (!res.ok) {
        bar.stop();
        console.error(`\nImport interrompu (${res.status}) : ${body.detail ?? 'erreur inconnue'}`);
        process.exit(1);
      }
      for (const k of ['created', 'updated', 'unchanged'] as const) {
        total.structures[k] += body.structures[k];
        total.services[k] += body.services[k];
      }
      for (const r of body.rejected) {
        const index = r.index + slice.start;
        const reasons = r.reasons.map((reason) => ({
          ...reason,
          path: reason.path.replace(/^(structures|services)\[\d+\]/, `$1[${index}]`),
        }));
        total.rejected.push({ ...r, index, reasons });
      }
      bar.increment(slice.rows.length);
    }
  }
  bar.stop();
  const line = (label: string, c: Counts) => `${label} : ${c.created} créé(s), ${c.updated} mis à jour, ${c.unchanged} inchangé(s)`;
  console.log(line('Structures', total.structures));
  console.log(line('Services', total.services));
  if (total.rejected.length) {
    console.log(`${total.rejected.length} ligne(s) refusée(s) :`);
    for (const r of total.rejected) {
      console.log(`  ${r.kind} n° ${r.index}${r.id ? ` (${r.id})` : ''}`);
      for (const reason of r.reasons) console.log(`    - ${reason.path} : ${reason.message}`);
    }
    process.exitCode = 1;
  }
}

if (require.main === module) {
  main().catch((error: Error) => {
    console.error(`Import impossible : ${error.message}`);
    process.exit(1);
  });
}
