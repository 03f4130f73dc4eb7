import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RESEAUX_PORTEURS, THEMATIQUES, THEME_CATEGORIES } from './data-inclusion';

const schemas = join(__dirname, '..', '..', '..', 'shared', 'reference', 'schemas', 'datainclusion', 'v1', 'extra');
const read = (file: string) => JSON.parse(readFileSync(join(schemas, file), 'utf8')) as Array<{ value: string; label: string }>;

describe('data·inclusion taxonomies kept as code', () => {
  it('equal the official thématiques with their labels', () => {
    expect(THEMATIQUES.map(([value, label]) => ({ value, label }))).toEqual(read('thematiques.json').map(({ value, label }) => ({ value, label })));
  });

  it('equal the official réseaux porteurs', () => {
    expect(RESEAUX_PORTEURS.map(([value]) => value)).toEqual(read('reseaux-porteurs.json').map(({ value }) => value));
  });

  it('derive every category from the thématiques', () => {
    expect([...THEME_CATEGORIES].sort()).toEqual([...new Set(THEMATIQUES.map(([v]) => v.split('--')[0]))].sort());
  });
});
