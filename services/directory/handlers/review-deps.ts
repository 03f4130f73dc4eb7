import { loadLinkSecret } from '../../../shared/auth/link-secret';
import { DIRECTORY_SETTINGS } from '../directory.settings';
import type { ReviewLinkDeps } from '../use-cases/review.use-cases';
import { directoryDeps } from './deps';

// Reading a review link and confirming it write no hours and no phone: these functions carry
// neither the opening hours reader nor the numbering plans (a correction loads them, see
// review-correction-deps.ts; docs/adr/0054-lighter-libraries.md).

const contact = (): string =>
  DIRECTORY_SETTINGS.RELAIS_COORDINATION_CONTACT.schema.parse(process.env.RELAIS_COORDINATION_CONTACT) ??
  'l’équipe de coordination du réseau';

export const reviewLinkDeps = (): ReviewLinkDeps => ({
  ...directoryDeps,
  linkSecret: loadLinkSecret,
  coordinationContact: contact,
});
