import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { SERVICES } from './index';

/**
 * The person-data contract (ADR 0037): every table says whether it holds data about a person, and
 * a service with such a table gives her data through `personData` — so her space and her export
 * cannot forget a service, and a new one cannot forget her.
 */
describe('the person-data contract', () => {
  const tables = SERVICES.flatMap((s) => s.tables.map((t) => ({ service: s.name, table: t.name, holds: t.holdsPersonData })));

  it('makes every table of every service say whether it holds data about a person', () => {
    expect(tables.filter((t) => typeof t.holds !== 'boolean').map((t) => `${t.service}.${t.table}`)).toEqual([]);
  });

  it('makes every service with a table holding person data declare how it gives it', () => {
    const holding = new Set(tables.filter((t) => t.holds === true).map((t) => t.service));
    const missing = SERVICES.filter((s) => holding.has(s.name) && !s.personData).map((s) => s.name);
    expect(missing).toEqual([]);
    // The services the issue names hold data about her.
    expect([...holding].sort()).toEqual(expect.arrayContaining(['appointments', 'intake', 'parcours', 'platform', 'surveys']));
  });

  it('names, for each declaration, a file that exports the function, and none for a service holding nothing', () => {
    const holding = new Set(tables.filter((t) => t.holds === true).map((t) => t.service));
    for (const s of SERVICES.filter((x) => x.personData)) {
      const file = join(__dirname, '..', s.personData?.handler ?? '');
      expect(existsSync(file)).toBe(true);
      expect(holding.has(s.name)).toBe(true);
      expect(s.personData?.description.length).toBeGreaterThan(10);
    }
  });
});
