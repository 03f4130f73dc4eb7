import type { CommuneRef } from './geo.types';

// What the commune store and the readers of the stored communes need, without the commune
// reference (communes.ts: the official list, the communes file, the online locators), so that a
// function reading the stored communes carries none of it (docs/adr/0061).

/** INSEE commune code (COG): 5 digits, or 2A/2B + 3 digits for Corsica. */
export const COMMUNE_CODE = /^(\d{5}|2[AB]\d{3})$/;

/** The département of a commune code: 3 characters overseas (97x), else 2 (2A/2B for Corsica). */
export function departementOfCommune(code: string): string {
  return code.startsWith('97') ? code.slice(0, 3) : code.slice(0, 2);
}

/**
 * Communes learnt earlier, with the source they were learnt from (`locationSource`), so a later
 * run needs neither the file nor the network.
 */
export interface CommuneCache {
  list(departement: string): Promise<CommuneRef[]>;
  get(code: string): Promise<CommuneRef | undefined>;
  save(refs: CommuneRef[]): Promise<void>;
}
