import { readFileSync } from 'node:fs';

/**
 * Legal populations of the current communes, from the official list the directory's commune
 * reference also reads (@etalab/decoupage-administratif). Reference data, not a service's table:
 * any service may weigh figures by population. Loaded once per process.
 */
interface OfficialCommune {
  code: string;
  nom: string;
  departement: string;
  type: string;
  population?: number;
}

let loaded: { byCode: Map<string, number>; names: Map<string, string>; byDepartement: Map<string, number> } | undefined;

function load() {
  if (!loaded) {
    const file = process.env.RELAIS_OFFICIAL_COMMUNES_FILE ?? require.resolve('@etalab/decoupage-administratif/data/communes.json');
    const byCode = new Map<string, number>();
    const names = new Map<string, string>();
    const byDepartement = new Map<string, number>();
    for (const c of JSON.parse(readFileSync(file, 'utf8')) as OfficialCommune[]) {
      if (c.type !== 'commune-actuelle') continue;
      const population = c.population ?? 0;
      byCode.set(c.code, population);
      names.set(c.code, c.nom);
      byDepartement.set(c.departement, (byDepartement.get(c.departement) ?? 0) + population);
    }
    loaded = { byCode, names, byDepartement };
  }
  return loaded;
}

/** A commune's population (0 when unknown). */
export const communePopulation = (code: string): number => load().byCode.get(code) ?? 0;

/** The population of a département: the sum of its communes'. */
export const departementPopulation = (departement: string): number => load().byDepartement.get(departement) ?? 0;

/** A commune's name, or its code when unknown. */
export const communeName = (code: string): string => load().names.get(code) ?? code;
