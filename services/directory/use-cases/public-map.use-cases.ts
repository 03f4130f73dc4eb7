import { normalizeText } from '../../../shared/validation/text';
import type { PublicSite } from '../domain/directory.schema';
import { isPublic, publicSite } from '../domain/site-view';
import { directoryErrors } from '../errors';
import type { CommuneCache } from '../geo/commune-code';
import type { CommuneRef } from '../geo/geo.types';
import type { SiteCatalogue } from './nearest.use-cases';

const matchesTheme = (themes: string[], theme?: string) => !theme || themes.some((t) => t === theme || t.startsWith(`${theme}--`));

/** The public map's points: unconditional reception points shown on the map, public fields only. */
export function makeListPublicSites(catalogue: SiteCatalogue, now: () => Date) {
  return {
    async execute(theme?: string): Promise<PublicSite[]> {
      const sites = await catalogue.current();
      const [organisations, services] = await Promise.all([catalogue.organisationNames(), catalogue.allServices()]);
      const at = now();
      return sites
        .filter((s) => isPublic(s) && matchesTheme(s.themes, theme))
        .map((s) => publicSite(s, organisations.get(s.organisationId), at, services))
        .sort((a, b) => a.name.localeCompare(b.name, 'fr'));
    },
  };
}

/**
 * Commune names as a person types them ("fig" → Figeac), from the département's commune
 * reference kept in the directory (loaded by the coverage computation and at start).
 */
export function makeSearchCommunes(cache: CommuneCache, departement: string, now: () => number = Date.now) {
  let communes: Array<CommuneRef & { key: string }> = [];
  let readAt = 0;
  return {
    async execute(q: string) {
      if (!communes.length || now() - readAt > 3_600_000) {
        communes = (await cache.list(departement))
          .map((c) => ({ ...c, key: normalizeText(c.name) }))
          .sort((a, b) => a.key.localeCompare(b.key));
        readAt = now();
      }
      if (!communes.length) {
        throw directoryErrors.error('communes.not-loaded');
      }
      // An INSEE code (46102, 2A004) names one commune: pages that hold only the code show its name.
      const code = q.trim().toUpperCase();
      const byCode = /^\d[\dAB]\d{3}$/.test(code) ? communes.filter((c) => c.code === code) : [];
      const wanted = normalizeText(q);
      const byName = communes.filter((c) => c.key.startsWith(wanted));
      const inName = communes.filter((c) => !c.key.startsWith(wanted) && c.key.includes(wanted));
      const byPostalCode = /^\d{2,5}$/.test(q.trim()) ? communes.filter((c) => c.postalCodes.some((p) => p.startsWith(q.trim()))) : [];
      const found = new Map<string, CommuneRef>();
      for (const c of [...byCode, ...byName, ...byPostalCode, ...inName]) if (!found.has(c.code)) found.set(c.code, c);
      return [...found.values()].slice(0, 10).map((c) => ({ code: c.code, name: c.name, postalCodes: c.postalCodes }));
    },
  };
}
