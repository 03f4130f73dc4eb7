import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { checkOpeningHours } from '../../services/directory/domain/opening-hours.check';
import { parseDataInclusion } from '../../services/directory/formats/data-inclusion-import';
import { daySpans, franceServicesToDataInclusion, osmOpeningHours, parseCsv } from './france-services';

// test/support → /work/shared (the design folder beside the checkout).
const SHARED = join(__dirname, '..', '..', '..', 'shared');
const CSV = join(SHARED, 'data', 'lot-france-services.csv');
const SCHEMAS = join(SHARED, 'reference', 'schemas', 'datainclusion', 'v1');

describe('the Lot’s France Services as data·inclusion', () => {
  const rows = parseCsv(readFileSync(CSV, 'utf8')).length - 1;
  const { structures, services } = franceServicesToDataInclusion(CSV, { dateMaj: '2026-11-24' });

  it('gives one structure and one service per row of the ANCT file', () => {
    expect(rows).toBe(24);
    expect(structures).toHaveLength(rows);
    expect(services).toHaveLength(rows);
    expect(new Set(structures.map((s) => s.id)).size).toBe(rows);
    expect(services.map((s) => s.structure_id)).toEqual(structures.map((s) => s.id));
  });

  it('is valid against the official structure and service schemas', () => {
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    addFormats(ajv);
    const structure = ajv.compile(JSON.parse(readFileSync(join(SCHEMAS, 'structure.json'), 'utf8')));
    const service = ajv.compile(JSON.parse(readFileSync(join(SCHEMAS, 'service.json'), 'utf8')));
    for (const s of structures) expect({ id: s.id, errors: structure(s) ? null : structure.errors }).toEqual({ id: s.id, errors: null });
    for (const s of services) expect({ id: s.id, errors: service(s) ? null : service.errors }).toEqual({ id: s.id, errors: null });
  });

  it('writes hours the OpenStreetMap library reads, for every place that has some', () => {
    const withHours = structures.filter((s) => s.horaires_accueil);
    // Two places of the file (Leyme and its Sousceyrac antenna) give no hours at all.
    expect(withHours).toHaveLength(rows - 2);
    for (const s of withHours)
      expect({ id: s.id, problem: checkOpeningHours(s.horaires_accueil!) }).toEqual({ id: s.id, problem: undefined });
  });

  it('is imported without a single rejected row, each structure becoming a place', () => {
    const batch = parseDataInclusion({ structures, services });
    expect(batch.rejected).toEqual([]);
    expect(batch.structures).toHaveLength(rows);
    expect(batch.structures.every((s) => s.site && s.organisation.type === 'france-service')).toBe(true);
    expect(batch.services).toHaveLength(rows);
  });

  it('reads the first row as the ANCT wrote it', () => {
    expect(structures[0]).toEqual({
      source: 'anct-france-services',
      id: 'anct-france-services--262',
      nom: "Bus France services Communauté d'agglomération Grand Cahors",
      date_maj: '2026-11-24',
      adresse: '72 Rue du Président Wilson',
      complement_adresse: 'Hôtel Wilson',
      commune: 'Cahors',
      code_postal: '46000',
      code_insee: '46042',
      latitude: 44.44622,
      longitude: 1.439927,
      telephone: '+33762609694',
      courriel: 'busfranceservices@grandcahors.fr',
      horaires_accueil: 'Mo 09:00-12:00,14:00-17:15; Tu,Th,Fr 09:15-12:30,14:00-17:15; We 09:15-12:30; PH off',
      reseaux_porteurs: ['france-service'],
    });
    expect(services[0]).toMatchObject({
      nom: 'Accompagnement aux démarches administratives',
      type: 'accompagnement',
      thematiques: ['difficultes-administratives-ou-juridiques--accompagnement-aux-demarches-administratives'],
      publics: ['tous-publics'],
      frais: 'gratuit',
      zone_eligibilite: ['46'],
    });
  });
});

describe('hours of the ANCT file', () => {
  it('groups identical days, writes runs of three days or more as a range, and closes public holidays', () => {
    const week = [
      '09:00 - 12:00 / 14:00 - 17:00',
      '09:00 - 12:00 / 14:00 - 17:00',
      '09:00 - 12:00 / 14:00 - 17:00',
      '',
      '09:00 - 12:00 / 14:00 - 17:00',
      '',
    ];
    expect(osmOpeningHours(week)).toBe('Mo-We,Fr 09:00-12:00,14:00-17:00; PH off');
    expect(osmOpeningHours(['08:30 - 12:00', '08:30 - 12:00', '', '', '', '10:00 - 12:00'])).toBe(
      'Mo,Tu 08:30-12:00; Sa 10:00-12:00; PH off',
    );
  });

  it('knows no hours when no day has any (which is not "always closed")', () => {
    expect(osmOpeningHours(['', '', '', '', '', ''])).toBeUndefined();
  });

  it('merges spans that touch or overlap, as the file has some', () => {
    expect(daySpans('09:00 - 14:00 / 14:00 - 19:00')).toBe('09:00-19:00');
    expect(daySpans('09:00 - 14:00 / 11:00 - 12:30')).toBe('09:00-14:00');
    expect(daySpans('14:00 - 17:00 / 9:00 - 12:00')).toBe('09:00-12:00,14:00-17:00');
  });

  it('refuses a day it cannot read rather than guess', () => {
    expect(() => daySpans('le matin')).toThrow(/Horaire illisible/);
    expect(() => daySpans('12:00 - 09:00')).toThrow(/Horaire illisible/);
  });
});

describe('parseCsv', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks, and empty unquoted fields', () => {
    expect(parseCsv('"a","b, c",d\r\n"dit ""oui""",,"deux\nlignes"\n')).toEqual([
      ['a', 'b, c', 'd'],
      ['dit "oui"', '', 'deux\nlignes'],
    ]);
  });
});
