import { signLink } from '../../../shared/auth/signed-link';
import { REVIEW_LINK_GRACE_SECONDS, REVIEW_LINK_PATH, REVIEW_LINK_SCOPE } from '../../directory/events/directory.events';
import type { Notice } from './notice-sender';

export interface DirectoryReviewFacts {
  eventId: string;
  reviewId: string;
  organisationId: string;
  expiresAt: string;
  reminder: number;
  sites: number;
  services: number;
  campaignId?: string;
  /** The coordinator's words of a review campaign (plain text), put before the request. */
  message?: string;
}

const frenchDate = (iso: string) => iso.slice(0, 10).split('-').reverse().join('/');
const plural = (n: number, one: string, many: string) => `${n} ${n > 1 ? many : one}`;

/**
 * The link of a review request (issue 16): signed for the request and its organisation, opened
 * by the SPA's « vérification » page without an account. The directory checks the 30 days on
 * the request; the signature stays valid a year longer so that a late click reads « expiré ».
 */
export function reviewLink(appUrl: string, facts: Pick<DirectoryReviewFacts, 'reviewId' | 'organisationId' | 'expiresAt'>, secret: string) {
  const exp = Math.floor(Date.parse(facts.expiresAt) / 1000) + REVIEW_LINK_GRACE_SECONDS;
  const token = signLink({ scope: REVIEW_LINK_SCOPE, subject: facts.reviewId, audience: facts.organisationId, exp }, secret);
  return `${appUrl.replace(/\/+$/, '')}${REVIEW_LINK_PATH}${token}`;
}

/** Pure: the one message to the partner (French, plain; no person, nothing but counts and the link). */
export function directoryReviewNotice(facts: DirectoryReviewFacts, link: string): Notice {
  const what = [
    facts.sites ? plural(facts.sites, 'lieu', 'lieux') : '',
    facts.services ? plural(facts.services, 'service', 'services') : '',
  ]
    .filter(Boolean)
    .join(' et ');
  const subject = facts.reminder ? 'Relais : rappel, vos fiches de l’annuaire à vérifier' : 'Relais : vos fiches de l’annuaire à vérifier';
  const text =
    (facts.message ? `Message de la coordination du réseau : ${facts.message}\n\n` : '') +
    `Bonjour, l’annuaire du réseau Relais présente ${what} de votre structure au public et aux professionnels. ` +
    `Ces informations sont-elles toujours justes ? En un clic, confirmez « tout est juste », ou corrigez horaires et téléphone, ` +
    `sans compte : ${link} (lien valable jusqu’au ${frenchDate(facts.expiresAt)}).`;
  return {
    eventId: facts.eventId,
    via: 'topic',
    to: facts.organisationId,
    subject,
    text,
    attributes: { organisationId: facts.organisationId, kind: 'directory.review' },
    payload: { kind: 'directory.review', audience: 'organisation', ...facts, subject, text, link },
  };
}
