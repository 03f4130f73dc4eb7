import { readFileSync } from 'node:fs';
import * as z from 'zod';
import { ServiceUnavailableError } from '../../../shared/errors/errors';
import { createLogger } from '../../../shared/observability/logger';
import { directoryErrors } from '../errors';
import { COMMUNE_CODE, type CommuneCache, departementOfCommune } from './commune-code';
import type { CommuneRef, LocationSource, Point } from './geo.types';

const logger = createLogger('directory');

// The commune code's rules and the cache's port are in a module of their own (commune-code.ts): the
// store and the functions that only read the stored communes do not carry the reference.
export { type CommuneCache, departementOfCommune } from './commune-code';

// ---------------------------------------------------------------------------------------------
// The communes file (RELAIS_COMMUNES_FILE): CSV `code,nom,departement,lon,lat`
// ---------------------------------------------------------------------------------------------

export interface CommuneFileRow {
  code: string;
  name: string;
  departement: string;
  location: Point;
}

const REQUIRED_COLUMNS = ['code', 'nom', 'departement', 'lon', 'lat'] as const;
const communeFiles = new Map<string, Map<string, CommuneFileRow>>();

/**
 * The communes of a CSV file with a header `code,nom,departement,lon,lat` (any column order,
 * quoted fields and CRLF line ends accepted), by code. Read once per path and process.
 * An unreadable or malformed file is a configuration error: 503 naming the file.
 */
export function readCommunesFile(path: string): Map<string, CommuneFileRow> {
  const known = communeFiles.get(path);
  if (known) return known;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'est introuvable' : 'ne peut pas être lu';
    throw directoryErrors.error('communes.file-unreadable', { params: { file: path, reason } });
  }
  const malformed = (why: string) => directoryErrors.error('communes.file-malformed', { params: { file: path, why } });
  const records = parseCsv(text.replace(/^\uFEFF/, ''), malformed);
  const header = records.shift();
  if (!header) throw malformed('fichier vide');
  const columns = header.fields.map((h) => h.trim().toLowerCase());
  const at = Object.fromEntries(REQUIRED_COLUMNS.map((name) => [name, columns.indexOf(name)])) as Record<
    (typeof REQUIRED_COLUMNS)[number],
    number
  >;
  const absent = REQUIRED_COLUMNS.filter((name) => at[name] < 0);
  if (absent.length)
    throw malformed(`colonne${absent.length > 1 ? 's' : ''} absente${absent.length > 1 ? 's' : ''} : ${absent.join(', ')}`);

  const rows = new Map<string, CommuneFileRow>();
  for (const { line, fields } of records) {
    if (fields.length === 1 && (fields[0] ?? '').trim() === '') continue; // blank line
    if (fields.length !== columns.length) throw malformed(`ligne ${line} : ${fields.length} champs au lieu de ${columns.length}`);
    const field = (name: (typeof REQUIRED_COLUMNS)[number]) => (fields[at[name]] ?? '').trim();
    const code = field('code');
    if (!COMMUNE_CODE.test(code)) throw malformed(`ligne ${line} : code commune « ${code.slice(0, 12)} » invalide`);
    const lon = Number(field('lon'));
    const lat = Number(field('lat'));
    if (field('lon') === '' || !Number.isFinite(lon) || lon < -180 || lon > 180) throw malformed(`ligne ${line} : longitude invalide`);
    if (field('lat') === '' || !Number.isFinite(lat) || lat < -90 || lat > 90) throw malformed(`ligne ${line} : latitude invalide`);
    if (rows.has(code)) throw malformed(`ligne ${line} : la commune ${code} apparaît deux fois`);
    rows.set(code, { code, name: field('nom'), departement: field('departement') || departementOfCommune(code), location: { lon, lat } });
  }
  communeFiles.set(path, rows);
  return rows;
}

/** RFC 4180 records with the line each starts on; quotes may hold commas, quotes ("") and line ends. */
function parseCsv(text: string, malformed: (why: string) => Error): Array<{ line: number; fields: string[] }> {
  const records: Array<{ line: number; fields: string[] }> = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  let quoteOpenedAt = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else {
        if (ch === '\n') line++;
        field += ch;
      }
    } else if (ch === '"' && field === '') {
      quoted = true;
      quoteOpenedAt = line;
    } else if (ch === ',') {
      fields.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      fields.push(field);
      records.push({ line: recordLine, fields });
      fields = [];
      field = '';
      line++;
      recordLine = line;
    } else {
      field += ch;
    }
  }
  if (quoted) throw malformed(`guillemet ouvert ligne ${quoteOpenedAt} et jamais fermé`);
  if (field !== '' || fields.length > 0) {
    fields.push(field);
    records.push({ line: recordLine, fields });
  }
  return records;
}

// ---------------------------------------------------------------------------------------------
// The official list of communes (@etalab/decoupage-administratif), loaded once per process
// ---------------------------------------------------------------------------------------------

interface OfficialCommune {
  code: string;
  nom: string;
  departement: string;
  type: string;
  population?: number;
  codesPostaux?: string[];
}

let official: { byCode: Map<string, OfficialCommune>; byDepartement: Map<string, OfficialCommune[]> } | undefined;

/** Current communes only (`commune-actuelle`): delegated and associated communes are parts of them. */
function officialCommunes() {
  if (!official) {
    // 8.6 MB of JSON, read from disk at first need: a `require` would make esbuild copy it into
    // every bundle importing this module. On AWS the infra ships the file beside the bundle.
    const file = process.env.RELAIS_OFFICIAL_COMMUNES_FILE ?? require.resolve('@etalab/decoupage-administratif/data/communes.json');
    const all = JSON.parse(readFileSync(file, 'utf8')) as OfficialCommune[];
    const byCode = new Map<string, OfficialCommune>();
    const byDepartement = new Map<string, OfficialCommune[]>();
    for (const c of all) {
      if (c.type !== 'commune-actuelle') continue;
      byCode.set(c.code, c);
      const list = byDepartement.get(c.departement) ?? [];
      list.push(c);
      byDepartement.set(c.departement, list);
    }
    official = { byCode, byDepartement };
  }
  return official;
}

function baseRef(c: OfficialCommune): CommuneRef {
  return { code: c.code, name: c.nom, departement: c.departement, population: c.population ?? 0, postalCodes: [...(c.codesPostaux ?? [])] };
}

// ---------------------------------------------------------------------------------------------
// Ports: the online locators (the cache's is in commune-code.ts)
// ---------------------------------------------------------------------------------------------

/** An online source of commune centres. Never throws: what it cannot find is left out. */
export interface CommuneLocator {
  readonly source: 'geo-api' | 'amazon-location';
  locate(communes: Array<{ code: string; name: string; departement: string }>): Promise<Map<string, Point>>;
}

/** 503 when some communes have no coordinates from any source; the detail says how to fix it. */
export class CommuneReferenceUnavailableError extends ServiceUnavailableError {
  constructor(explanation: string) {
    const entry = directoryErrors.error('communes.coordinates-missing', { params: { explanation } });
    super({ code: entry.code, title: entry.title, detail: entry.message });
  }
}

/** How long the State's geo API may take to list a département's communes. */
export const GEO_API_TIMEOUT_MS = 5000;

const GeoApiCommuneSchema = z.object({
  code: z.string(),
  centre: z.object({ type: z.literal('Point'), coordinates: z.tuple([z.number(), z.number()]) }),
});

/**
 * The State's geo API (https://geo.api.gouv.fr, no key): one request per département lists its
 * communes with their centres. A network failure, a timeout or an unexpected answer gives no
 * coordinates (the caller reports what is still missing); it never throws.
 */
export class GeoApiLocator implements CommuneLocator {
  readonly source = 'geo-api' as const;
  private readonly baseUrl: string;

  constructor(
    baseUrl: string,
    private readonly fetchFn: typeof fetch = fetch,
  ) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
  }

  async locate(communes: Array<{ code: string; name: string; departement: string }>): Promise<Map<string, Point>> {
    const wanted = new Set(communes.map((c) => c.code));
    const departements = [...new Set(communes.map((c) => c.departement))];
    const found = new Map<string, Point>();
    await Promise.all(
      departements.map(async (departement) => {
        for (const [code, point] of await this.communesOf(departement)) if (wanted.has(code)) found.set(code, point);
      }),
    );
    return found;
  }

  private async communesOf(departement: string): Promise<Map<string, Point>> {
    const out = new Map<string, Point>();
    const url = `${this.baseUrl}/departements/${encodeURIComponent(departement)}/communes?fields=code,nom,centre&format=json`;
    const fetchFn = this.fetchFn;
    try {
      const res = await fetchFn(url, { signal: AbortSignal.timeout(GEO_API_TIMEOUT_MS), headers: { accept: 'application/json' } });
      if (!res.ok) {
        logger.warn('geo API answered an error', { departement, status: res.status });
        return out;
      }
      const body: unknown = await res.json();
      if (!Array.isArray(body)) {
        logger.warn('geo API answer is not a list', { departement });
        return out;
      }
      for (const item of body) {
        const parsed = GeoApiCommuneSchema.safeParse(item);
        if (!parsed.success) continue;
        const [lon, lat] = parsed.data.centre.coordinates;
        if (isPlausible({ lon, lat })) out.set(parsed.data.code, { lon, lat });
      }
    } catch (error) {
      logger.warn('geo API unreachable', { departement, errorName: (error as Error).name });
    }
    return out;
  }
}

/** A point on the globe: finite, longitude within ±180°, latitude within ±90°. */
export function isPlausible(p: Point): boolean {
  return Number.isFinite(p.lon) && Number.isFinite(p.lat) && Math.abs(p.lon) <= 180 && Math.abs(p.lat) <= 90;
}

// ---------------------------------------------------------------------------------------------
// The commune reference
// ---------------------------------------------------------------------------------------------

export interface CommuneReferenceOptions {
  departement: string;
  /** CSV `code,nom,departement,lon,lat` (RELAIS_COMMUNES_FILE). */
  file?: string;
  cache: CommuneCache;
  /** Asked in this order for the communes still without coordinates. */
  locators: CommuneLocator[];
}

/** What each source gave during one load, to explain what is missing. */
interface SourceReport {
  file?: string;
  locators: Array<{ source: CommuneLocator['source']; found: number }>;
}

/**
 * The communes of the département: codes, names, populations and postal codes from the official
 * list (@etalab/decoupage-administratif), centres from, in order, the communes file, the cache,
 * then the online locators. What a source teaches is saved to the cache, so the next run (or
 * Lambda) finds it there.
 */
export class CommuneReference {
  constructor(private readonly opts: CommuneReferenceOptions) {}

  /** Every current commune of the département, by code; those no source could place have no `location`. */
  async load(): Promise<CommuneRef[]> {
    return (await this.loadAndReport()).refs;
  }

  /** `load()`, or a 503 saying how to provide the coordinates when any commune lacks them. */
  async loadWithLocations(): Promise<CommuneRef[]> {
    const { refs, report } = await this.loadAndReport();
    const missing = refs.filter((r) => !r.location);
    if (missing.length) throw new CommuneReferenceUnavailableError(missingMessage(missing, this.opts.departement, report));
    return refs;
  }

  /**
   * One commune of any département, with its centre: cache, then file, then locators (the name
   * from the official list). Unknown code → 404; known but placed by no source → 503.
   */
  async locate(code: string): Promise<CommuneRef> {
    if (!COMMUNE_CODE.test(code)) throw directoryErrors.error('commune.unknown');
    const cached = await this.opts.cache.get(code);
    if (cached?.location) return { ...cached, locationSource: 'cache' };
    const known = officialCommunes().byCode.get(code);
    if (!known) throw directoryErrors.error('commune.unknown'); // never the code given: no input is echoed
    const ref = baseRef(known);
    const report: SourceReport = { file: this.opts.file, locators: [] };
    const row = this.opts.file ? readCommunesFile(this.opts.file).get(code) : undefined;
    if (row) {
      ref.location = { ...row.location };
      ref.locationSource = 'file';
    } else {
      for (const locator of this.opts.locators) {
        const point = (await safeLocate(locator, [ref])).get(code);
        report.locators.push({ source: locator.source, found: point ? 1 : 0 });
        if (point) {
          ref.location = point;
          ref.locationSource = locator.source;
          break;
        }
      }
    }
    if (!ref.location) throw new CommuneReferenceUnavailableError(missingMessage([ref], ref.departement, report));
    await this.opts.cache.save([ref]);
    return ref;
  }

  private async loadAndReport(): Promise<{ refs: CommuneRef[]; report: SourceReport }> {
    const { departement, file, cache, locators } = this.opts;
    const communes = [...(officialCommunes().byDepartement.get(departement) ?? [])].sort((a, b) => (a.code < b.code ? -1 : 1));
    const rows = file ? readCommunesFile(file) : undefined;
    const cached = new Map((await cache.list(departement)).map((c) => [c.code, c]));
    const report: SourceReport = { file, locators: [] };

    // The source saved with each commune: where its coordinates were first learnt.
    const learntFrom = new Map<string, LocationSource>();
    const refs = communes.map((c) => {
      const ref = baseRef(c);
      const row = rows?.get(c.code);
      const hit = cached.get(c.code);
      if (row) {
        ref.location = { ...row.location };
        ref.locationSource = 'file';
        learntFrom.set(c.code, 'file');
      } else if (hit?.location) {
        ref.location = { lon: hit.location.lon, lat: hit.location.lat };
        ref.locationSource = 'cache';
        learntFrom.set(c.code, hit.locationSource ?? 'cache');
      }
      return ref;
    });

    let missing = refs.filter((r) => !r.location);
    for (const locator of locators) {
      if (!missing.length) break;
      const found = await safeLocate(locator, missing);
      let count = 0;
      for (const ref of missing) {
        const point = found.get(ref.code);
        if (!point) continue;
        ref.location = point;
        ref.locationSource = locator.source;
        learntFrom.set(ref.code, locator.source);
        count++;
      }
      report.locators.push({ source: locator.source, found: count });
      missing = missing.filter((r) => !r.location);
    }

    // Only what is new or changed: rewriting the département's communes on every run costs writes.
    // Communes still without a centre are kept too: their names serve the public map's search.
    const changed = refs.map((r) => ({ ...r, locationSource: learntFrom.get(r.code) })).filter((r) => differs(cached.get(r.code), r));
    if (changed.length) await cache.save(changed);
    return { refs, report };
  }
}

async function safeLocate(locator: CommuneLocator, refs: CommuneRef[]): Promise<Map<string, Point>> {
  try {
    return await locator.locate(refs.map((r) => ({ code: r.code, name: r.name, departement: r.departement })));
  } catch (error) {
    // The port says locators do not throw; one that does must not take the others down.
    logger.warn('commune locator failed', { source: locator.source, errorName: (error as Error).name });
    return new Map();
  }
}

function differs(before: CommuneRef | undefined, after: CommuneRef): boolean {
  if (!before) return true;
  return (
    before.name !== after.name ||
    before.departement !== after.departement ||
    before.population !== after.population ||
    before.postalCodes.length !== after.postalCodes.length ||
    before.postalCodes.some((p, i) => p !== after.postalCodes[i]) ||
    before.location?.lon !== after.location?.lon ||
    before.location?.lat !== after.location?.lat ||
    before.locationSource !== after.locationSource
  );
}

const SOURCE_NAMES: Record<CommuneLocator['source'], string> = {
  'geo-api': 'l’API Géo de l’État',
  'amazon-location': 'Amazon Location',
};

/** « a », « a et b », « a, b et c » */
function frenchList(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} et ${items[items.length - 1]}`;
}

/** The 503 detail: how many communes, why each source failed, and what to do about it. */
function missingMessage(missing: CommuneRef[], departement: string, report: SourceReport): string {
  const one = missing.length === 1;
  const first = missing[0] as CommuneRef;
  const subject = one
    ? `Les coordonnées de la commune ${first.name} (${first.code}) sont introuvables`
    : `Les coordonnées de ${missing.length} communes du département ${departement} sont introuvables`;
  const reasons: string[] = [];
  reasons.push(
    report.file
      ? `le fichier des communes ${report.file} ne ${one ? 'la' : 'les'} contient pas`
      : 'aucun fichier des communes n’est configuré',
  );
  if (report.locators.length === 0) reasons.push('aucune source en ligne n’est activée');
  for (const { source, found } of report.locators) {
    const name = SOURCE_NAMES[source];
    if (source === 'geo-api') reasons.push(found === 0 ? `${name} n’a pas répondu` : `${name} n’en a donné que ${found}`);
    else
      reasons.push(found === 0 ? `${name} ne ${one ? 'l’a' : 'les a'} pas trouvée${one ? '' : 's'}` : `${name} n’en a trouvé que ${found}`);
  }
  const fix = report.file
    ? `Ajoutez ${one ? 'cette commune' : 'ces communes'} au fichier ${report.file} ou indiquez un fichier complet (colonnes \`code,nom,departement,lon,lat\`, par exemple communes-centroids.csv) dans la variable RELAIS_COMMUNES_FILE, puis relancez.`
    : 'Indiquez un fichier CSV `code,nom,departement,lon,lat` dans la variable RELAIS_COMMUNES_FILE (par exemple communes-centroids.csv), puis relancez.';
  const list = !one && missing.length <= 10 ? ` Communes concernées : ${missing.map((m) => m.code).join(', ')}.` : '';
  return `${subject} : ${frenchList(reasons)}. ${fix}${list}`;
}
