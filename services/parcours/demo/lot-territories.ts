/**
 * The Lot demo territories (local mode): one per arrondissement — Cahors, Figeac, Gourdon —
 * which together cover the département's 312 communes once each. The référent approach is
 * deployed (pilot) in Figeac and Gourdon, not yet in Cahors.
 */
export interface DemoTerritory {
  id: string;
  name: string;
  arrondissement: string;
  referentDeployed: boolean;
  deployedOn?: string;
}

export const DEMO_TERRITORIES: DemoTerritory[] = [
  { id: '01KT0000000000000000000461', name: 'Territoire de Cahors', arrondissement: '461', referentDeployed: false },
  {
    id: '01KT0000000000000000000462',
    name: 'Territoire de Figeac',
    arrondissement: '462',
    referentDeployed: true,
    deployedOn: '2025-09-01',
  },
  {
    id: '01KT0000000000000000000463',
    name: 'Territoire de Gourdon',
    arrondissement: '463',
    referentDeployed: true,
    deployedOn: '2026-03-02',
  },
];

interface OfficialCommune {
  code: string;
  departement?: string;
  arrondissement?: string;
  type?: string;
}

/** The current communes of an arrondissement, from the official list (@etalab/decoupage-administratif). */
export function communesOfArrondissement(arrondissement: string, communes: readonly OfficialCommune[]): string[] {
  return communes
    .filter((c) => c.type === 'commune-actuelle' && c.arrondissement === arrondissement)
    .map((c) => c.code)
    .sort();
}
