/**
 * The words of a place's services on the public map (list and popup): free or paid, how it
 * receives, for whom. Shared by the list (first paint) and the popup (the lazy map chunk).
 */
import type { PublicSite } from '../api/types';
import { FRAIS, labelIn, MODES_ACCUEIL, PUBLICS } from '../labels';

export type PublicService = PublicSite['services'][number];

/** « Gratuit · En présentiel, À distance · Pour : Familles, Actifs ». */
export function serviceFacts(service: PublicService): string {
  const parts: string[] = [];
  if (service.fees) parts.push(labelIn(FRAIS, service.fees));
  if (service.receptionModes.length > 0) parts.push(service.receptionModes.map((mode) => labelIn(MODES_ACCUEIL, mode)).join(', '));
  if (service.publics.length > 0) parts.push(`Pour : ${service.publics.map((p) => labelIn(PUBLICS, p)).join(', ')}`);
  return parts.join(' · ');
}
