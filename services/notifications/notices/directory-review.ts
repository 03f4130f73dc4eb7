import { signLink } from '../../../shared/auth/signed-link';
import { SMS_PART, gsm7Length, toGsm7 } from '../../../shared/sms/gsm7';
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

/**
 * The review SMS (a partner's SMS subscription): GSM-7, at most three parts. The signed link alone
 * takes some 250 septets, so a campaign's message is clipped to what is left (« … »); it is whole
 * in the e-mail and on the link's page.
 */
export const REVIEW_SMS_MAX = 3 * SMS_PART;
/** The shortest of a clipped message worth sending; under it the SMS only says the coordination wrote. */
const SMS_MESSAGE_MIN = 20;

function reviewSms(facts: DirectoryReviewFacts, link: string): string {
  const lead = `Relais${facts.reminder ? ', rappel' : ''} :`;
  const ask = `vos fiches de l’annuaire sont à vérifier, sans compte, avant le ${frenchDate(facts.expiresAt)} : ${link}`;
  if (!facts.message) return toGsm7(`${lead} ${ask}`);
  const askFirst = `V${ask.slice(1)}`;
  const fits = (text: string) => gsm7Length(text) <= REVIEW_SMS_MAX;
  const quoting = (words: string) => toGsm7(`${lead} message de la coordination du réseau, "${words}". ${askFirst}`);
  let words = toGsm7(facts.message.replace(/\s+/g, ' '));
  if (fits(quoting(words))) return quoting(words);
  const whole = words;
  while (words.length >= SMS_MESSAGE_MIN && !fits(quoting(`${words}...`))) {
    const excess = gsm7Length(quoting(`${words}...`)) - REVIEW_SMS_MAX;
    words = whole.slice(0, Math.max(0, Math.min(words.length - 1, words.length - excess))).trimEnd();
  }
  if (words.length >= SMS_MESSAGE_MIN) return quoting(`${words}...`);
  return toGsm7(`${lead} la coordination du réseau vous écrit (son message est sur la page du lien). ${askFirst}`);
}

/**
 * Pure: the one message to the partner (French, plain; no person, nothing but counts and the
 * link). A campaign's request carries the coordinator's words, marked as theirs, in the first
 * message and in each reminder; the daily job's requests carry none.
 */
export function directoryReviewNotice(facts: DirectoryReviewFacts, link: string): Notice {
  const what = [
    facts.sites ? plural(facts.sites, 'lieu', 'lieux') : '',
    facts.services ? plural(facts.services, 'service', 'services') : '',
  ]
    .filter(Boolean)
    .join(' et ');
  const subject = facts.reminder ? 'Relais : rappel, vos fiches de l’annuaire à vérifier' : 'Relais : vos fiches de l’annuaire à vérifier';
  const text =
    (facts.message ? `Message de la coordination du réseau (campagne de mise à jour de l’annuaire) :\n« ${facts.message} »\n\n` : '') +
    (facts.reminder ? 'Rappel. ' : '') +
    `Bonjour, l’annuaire du réseau Relais présente ${what} de votre structure au public et aux professionnels. ` +
    `Ces informations sont-elles toujours justes ? En un clic, confirmez « tout est juste », ou corrigez horaires et téléphone, ` +
    `sans compte : ${link} (lien valable jusqu’au ${frenchDate(facts.expiresAt)}).`;
  const sms = reviewSms(facts, link);
  return {
    eventId: facts.eventId,
    via: 'topic',
    to: facts.organisationId,
    subject,
    text,
    sms,
    attributes: { organisationId: facts.organisationId, kind: 'directory.review' },
    payload: { kind: 'directory.review', audience: 'organisation', ...facts, subject, text, sms, link },
  };
}
