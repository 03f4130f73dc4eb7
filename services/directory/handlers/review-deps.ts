// Loads the OSM opening_hours library and the phone numbering plans: a correction from a review
// link writes hours and phones (see write-deps.ts).
import '../../../shared/validation/phone.check';
import { loadLinkSecret } from '../../../shared/auth/link-secret';
import { DIRECTORY_SETTINGS } from '../directory.settings';
import { openIntervals } from '../domain/opening-hours.check';
import type { ReviewLinkDeps } from '../use-cases/review.use-cases';
import { directoryDeps } from './deps';

const contact = (): string =>
  DIRECTORY_SETTINGS.RELAIS_COORDINATION_CONTACT.schema.parse(process.env.RELAIS_COORDINATION_CONTACT) ??
  'l’équipe de coordination du réseau';

export const reviewLinkDeps = (): ReviewLinkDeps => ({
  ...directoryDeps,
  linkSecret: loadLinkSecret,
  coordinationContact: contact,
  planHours: openIntervals,
});
