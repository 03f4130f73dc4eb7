/**
 * The ANCT list of the Lot's France Services (`../shared/data/lot-france-services.csv`) as a
 * data·inclusion v1 file: real places, real hours, to import in tests.
 *
 * One structure per row (`anct-france-services--<id_fs>`, réseau porteur `france-service`) and one
 * service per structure: the accompaniment in administrative procedures every France Services
 * offers, free of charge, to anyone.
 */
import { readFileSync, statSync } from 'node:fs';
import { type DataInclusionPayload, type DiService, type DiStructure, parisDate } from '../../services/directory/formats/data-inclusion';
import { toE164 } from '../../services/directory/formats/data-inclusion-import';

export const FRANCE_SERVICES_SOURCE = 'anct-france-services';

/** RFC 4180 CSV: comma-separated, fields in double quotes may hold commas, new lines and `""`. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c === '"') {
      quoted = true;
    } else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else {
      field += c;
    }
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => r.some((f) => f !== ''));
}

const OSM_DAYS = ['Mo', 'Tu', 'We', 'Th', 'Fr', 'Sa', 'Su'];
/** The day columns of the ANCT file, Monday first (no Sunday column). */
export const DAY_COLUMNS = ['h_lundi', 'h_mardi', 'h_mercredi', 'h_jeudi', 'h_vendredi', 'h_samedi'];

const minutes = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number);
  return h * 60 + m;
};
const hhmm = (total: number) => `${String(Math.floor(total / 60)).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`;

/**
 * One day of the ANCT file ("09:00 - 12:00 / 14:00 - 17:15") as OSM time spans
 * ("09:00-12:00,14:00-17:15"); empty when closed. Overlapping or touching spans (the file has
 * "09:00 - 14:00 / 11:00 - 12:30") are merged: the place is open during either.
 */
export function daySpans(value: string): string {
  if (!value.trim()) return '';
  const spans = value.split('/').map((part) => {
    const match = /^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$/.exec(part);
    if (!match) throw new Error(`Horaire illisible : « ${value} »`);
    const [opens, closes] = [minutes(`${match[1]}:${match[2]}`), minutes(`${match[3]}:${match[4]}`)];
    if (closes <= opens) throw new Error(`Horaire illisible : « ${value} »`);
    return [opens, closes] as [number, number];
  });
  spans.sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const [opens, closes] of spans) {
    const last = merged.at(-1);
    if (last && opens <= last[1]) last[1] = Math.max(last[1], closes);
    else merged.push([opens, closes]);
  }
  return merged.map(([o, c]) => `${hhmm(o)}-${hhmm(c)}`).join(',');
}

/** Days as OSM writes them: runs of three days or more as a range (`Mo-Fr`), others listed (`Mo,Tu`). */
function dayList(days: number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < days.length; ) {
    let j = i;
    while (j + 1 < days.length && days[j + 1] === days[j] + 1) j++;
    if (j - i >= 2) parts.push(`${OSM_DAYS[days[i]]}-${OSM_DAYS[days[j]]}`);
    else parts.push(...days.slice(i, j + 1).map((d) => OSM_DAYS[d]));
    i = j + 1;
  }
  return parts.join(',');
}

/**
 * The week of the ANCT file (one column per day, Monday first) in OpenStreetMap `opening_hours`
 * syntax: days with the same hours grouped, days without hours closed, public holidays closed.
 * Undefined when no day has hours: the file does not know them, which is not "always closed".
 */
export function osmOpeningHours(days: readonly string[]): string | undefined {
  const groups = new Map<string, number[]>();
  days.forEach((value, day) => {
    const spans = daySpans(value);
    if (spans) groups.set(spans, [...(groups.get(spans) ?? []), day]);
  });
  if (groups.size === 0) return undefined;
  const rules = [...groups].map(([spans, list]) => `${dayList(list)} ${spans}`);
  return `${rules.join('; ')}; PH off`;
}

const SERVICE_DESCRIPTION =
  'Un agent France services accueille toute personne et l’aide dans ses démarches administratives du quotidien : ' +
  'impôts, santé, retraite, famille, emploi, logement, papiers d’identité, permis de conduire… ' +
  'Il aide à utiliser les services en ligne et met en relation avec les organismes partenaires. Sans condition et gratuit.';

/** The file's rows as data·inclusion v1 structures and services. `dateMaj` defaults to the file's date. */
export function franceServicesToDataInclusion(csvPath: string, opts: { dateMaj?: string } = {}): DataInclusionPayload {
  const [header, ...lines] = parseCsv(readFileSync(csvPath, 'utf8'));
  const dateMaj = opts.dateMaj ?? parisDate(statSync(csvPath).mtime.toISOString());
  const structures: DiStructure[] = [];
  const services: DiService[] = [];
  for (const line of lines) {
    const row = Object.fromEntries(header.map((name, i) => [name, (line[i] ?? '').trim()]));
    const get = (name: string) => row[name] || undefined;
    const id = `${FRANCE_SERVICES_SOURCE}--${row.id_fs}`;
    const telephone = get('telephone');
    const contact = {
      ...(telephone ? { telephone: toE164(telephone) ?? telephone } : {}),
      ...(get('mail') ? { courriel: get('mail') } : {}),
    };
    const hours = osmOpeningHours(DAY_COLUMNS.map((c) => row[c] ?? ''));
    const latitude = Number(row.latitude);
    const longitude = Number(row.longitude);
    structures.push({
      source: FRANCE_SERVICES_SOURCE,
      id,
      nom: row.lib_fs,
      date_maj: dateMaj,
      ...(get('adresse') ? { adresse: get('adresse') } : {}),
      ...(get('complement_adresse') ? { complement_adresse: get('complement_adresse') } : {}),
      ...(get('lib_com') ? { commune: get('lib_com') } : {}),
      ...(get('code_postal') ? { code_postal: get('code_postal') } : {}),
      code_insee: row.insee_com,
      ...(row.latitude && row.longitude && Number.isFinite(latitude) && Number.isFinite(longitude) ? { latitude, longitude } : {}),
      ...contact,
      ...(hours ? { horaires_accueil: hours } : {}),
      reseaux_porteurs: ['france-service'],
    });
    services.push({
      source: FRANCE_SERVICES_SOURCE,
      structure_id: id,
      id: `${id}--demarches-administratives`,
      nom: 'Accompagnement aux démarches administratives',
      description: SERVICE_DESCRIPTION,
      date_maj: dateMaj,
      type: 'accompagnement',
      thematiques: ['difficultes-administratives-ou-juridiques--accompagnement-aux-demarches-administratives'],
      publics: ['tous-publics'],
      modes_accueil: ['en-presentiel'],
      modes_mobilisation: [
        'se-presenter',
        ...(contact.telephone ? ['telephoner'] : []),
        ...(contact.courriel ? ['envoyer-un-courriel'] : []),
      ],
      mobilisable_par: ['usagers', 'professionnels'],
      ...(row.prise_rdv === 'Oui' ? { mobilisation_precisions: 'Sur rendez-vous.' } : {}),
      frais: 'gratuit',
      ...(get('insee_dep') ? { zone_eligibilite: [row.insee_dep] } : {}),
      ...contact,
    });
  }
  return { structures, services };
}
