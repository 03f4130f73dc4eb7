import { settings } from '../../../shared/config/settings';
import { DynamoCommuneCache } from '../store/communes.repository';

// The département and its communes as stored (the public map's search, the exports, the imports):
// no commune reference, no Amazon Location. The functions that may call Location take
// geo-deps.ts (docs/adr/0053, docs/adr/0061).

/** The communes kept in the directory's table (loaded by the coverage computation and at start). */
export const communeCache = /* @__PURE__ */ new DynamoCommuneCache();

/** The stage's département (RELAIS_DEPARTEMENT). */
export const departement = (): string => settings().RELAIS_DEPARTEMENT;
