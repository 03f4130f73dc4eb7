import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  FRAIS,
  MODES_ACCUEIL,
  MODES_MOBILISATION,
  PERSONNES_MOBILISATRICES,
  PUBLICS,
  RESEAUX_PORTEURS,
  SERVICE_TYPES,
  THEMATIQUES,
  THEME_CATEGORIES,
} from './data-inclusion';
import { ORGANISATION_KINDS, THEME_CODES, THEME_IDS } from './data-inclusion-codes';

const schemas = join(__dirname, '..', '..', '..', 'shared', 'reference', 'schemas', 'datainclusion', 'v1', 'extra');
const read = (file: string) => JSON.parse(readFileSync(join(schemas, file), 'utf8')) as Array<{ value: string; label: string }>;

describe('data·inclusion taxonomies kept as code', () => {
  it('equal the official thématiques with their labels', () => {
    expect(THEMATIQUES.map(([value, label]) => ({ value, label }))).toEqual(
      read('thematiques.json').map(({ value, label }) => ({ value, label })),
    );
  });

  it('equal the official réseaux porteurs', () => {
    expect(RESEAUX_PORTEURS.map(([value]) => value)).toEqual(read('reseaux-porteurs.json').map(({ value }) => value));
  });

  it('accept, as codes alone, exactly the official thématiques and their categories, and the official réseaux porteurs', () => {
    const official = read('thematiques.json').map(({ value }) => value);
    expect([...THEME_CODES]).toEqual(official);
    expect([...THEME_IDS].sort()).toEqual([...new Set([...official, ...official.map((v) => v.split('--')[0])])].sort());
    expect([...ORGANISATION_KINDS]).toEqual(read('reseaux-porteurs.json').map(({ value }) => value));
  });

  it('derive every category from the thématiques', () => {
    expect([...THEME_CATEGORIES].sort()).toEqual([...new Set(THEMATIQUES.map(([v]) => v.split('--')[0]))].sort());
  });

  it.each([
    ['types-de-services.json', SERVICE_TYPES],
    ['publics.json', PUBLICS],
    ['modes-accueil.json', MODES_ACCUEIL],
    ['modes-mobilisation.json', MODES_MOBILISATION],
    ['personnes-mobilisatrices.json', PERSONNES_MOBILISATRICES],
    ['frais.json', FRAIS],
  ])('equal the official values of %s', (file, values) => {
    expect(values.map(([value]) => value)).toEqual(read(file).map(({ value }) => value));
  });
});
