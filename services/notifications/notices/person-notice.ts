import { type Article, after, guessArticle, withArticle } from '../../../shared/text/french';
import { SMS_MAX, SMS_PART, gsm7Length, toGsm7 } from '../../../shared/sms/gsm7';
import { hoursInWords } from '../../../shared/text/opening-hours';
import type { Notice } from './notice-sender';

/** A message to the person herself, about her own file (no one else's data in it). */
export interface PersonNotice {
  /** The event it answers (`PersonNoticeRequested`): the local outbox keys it so, a redelivery writes nothing new. */
  eventId: string;
  kind:
    | 'person.consents.changed'
    | 'appointment.booked'
    | 'appointment.reminder'
    | 'appointment.booking-link'
    | 'appointment.booking-link-reminder'
    | 'referral.sent'
    | 'referral.declined'
    | 'referral.closed'
    | 'person.sign-in.code'
    | 'person.invitation';
  channel: 'sms' | 'email';
  to: string;
  subject: string;
  text: string;
}

/** The notice as the sender takes it: straight to her address; the local outbox shows it with `audience: person`. */
export function personNotice(notice: PersonNotice): Notice {
  return {
    eventId: notice.eventId,
    via: notice.channel,
    to: notice.to,
    subject: notice.subject,
    text: notice.text,
    payload: { kind: notice.kind, audience: 'person', subject: notice.subject, text: notice.text },
  };
}

const yesNo = (v: boolean) => (v ? 'oui' : 'non');
const frenchDate = (iso: string) =>
  new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', dateStyle: 'short' }).format(new Date(iso));

/**
 * The words the person reads when her consents change (SECURITY.md: each change notifies her).
 * Short enough for one SMS; no name, no one else's data: only what she agreed to and who recorded it.
 */
export function consentsNoticeText(facts: {
  networkSharing: boolean;
  smsSurveys: boolean;
  at: string;
  byOrganisationName: string | null;
  byOrganisationArticle?: Article;
}): {
  subject: string;
  text: string;
} {
  // « par la CAF du Lot », « par le CCAS de Cahors », « par l’UDAF » (ADR 0028).
  const by = facts.byOrganisationName
    ? ` ${after('par', { name: facts.byOrganisationName, article: facts.byOrganisationArticle ?? guessArticle(facts.byOrganisationName) })}`
    : '';
  return {
    subject: 'Relais : vos accords ont été modifiés',
    text:
      `Relais : vos accords ont été modifiés le ${frenchDate(facts.at)}${by}. ` +
      `Partage de votre dossier : ${yesNo(facts.networkSharing)}. Enquêtes SMS : ${yesNo(facts.smsSurveys)}. ` +
      'Si ce n’est pas vous, contactez votre lieu d’accueil.',
  };
}

const CHANNEL_WORDS = { site: '', phone: ' (par téléphone)', video: ' (en visio)' } as const;

/** `mar. 8/12 à 9h30`, in Paris time. */
function appointmentWhen(startIso: string): string {
  const at = new Date(startIso);
  const part = (o: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', ...o }).format(at);
  const hour = Number(part({ hour: 'numeric', hourCycle: 'h23' }).replace(/\D/g, ''));
  const minute = part({ minute: '2-digit' }).padStart(2, '0');
  return `${part({ weekday: 'short' })} ${part({ day: 'numeric' })}/${part({ month: 'numeric' })} à ${hour}h${minute === '00' ? '' : minute}`;
}

/**
 * The words the person reads about her appointment (issue 17): when, where, how, and — when
 * there is one — the link to cancel or move it. Plain French written in GSM-7 (one SMS of 160
 * characters where possible: the place's name loses its last words first, never the time or the
 * link; when its first word alone is still too long, two SMS).
 */
export function appointmentNoticeText(facts: {
  kind: 'appointment.booked' | 'appointment.reminder';
  start: string;
  siteName: string;
  channel: 'site' | 'phone' | 'video';
  manageLink?: string;
}): { subject: string; text: string } {
  const when = appointmentWhen(facts.start);
  const lead = facts.kind === 'appointment.booked' ? 'Relais : rendez-vous pris le' : 'Relais : rappel, rendez-vous le';
  const tail = facts.manageLink ? ` Annuler ou déplacer : ${facts.manageLink}` : ' Empêchée ? Prévenez la structure.';
  const build = (name: string) => toGsm7(`${lead} ${when}${CHANNEL_WORDS[facts.channel]}, ${name}.${tail}`);
  let name = toGsm7(facts.siteName) || 'à la structure';
  let text = build(name);
  // Each pass drops one word of the name (never cut inside a word): it ends, at the latest, at the
  // name's first word — the message then takes two SMS rather than losing the time or the link.
  for (let shorter = dropLastWord(name); shorter !== undefined && gsm7Length(text) > SMS_MAX; shorter = dropLastWord(name)) {
    name = shorter;
    text = build(name);
  }
  return { subject: facts.kind === 'appointment.booked' ? 'Relais : votre rendez-vous' : 'Relais : rappel de votre rendez-vous', text };
}

/**
 * The person's link to choose her appointment (given, or reminded at day 3): the place, until
 * when, the address. GSM-7; the signed link is long, so this message takes two SMS.
 */
export function bookingLinkNoticeText(facts: {
  kind: 'appointment.booking-link' | 'appointment.booking-link-reminder';
  siteName: string;
  expiresAt: string;
  link: string;
}): {
  subject: string;
  text: string;
} {
  const until = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', day: 'numeric', month: 'numeric' }).format(
    new Date(facts.expiresAt),
  );
  const lead = facts.kind === 'appointment.booking-link' ? 'Relais : choisissez' : 'Relais : rappel, choisissez';
  return {
    subject: 'Relais : choisissez votre rendez-vous',
    text: toGsm7(`${lead} l’heure de votre rendez-vous, ${facts.siteName.trim() || 'à la structure'}, avant le ${until} : ${facts.link}`),
  };
}

/**
 * Her one-time code to « Mon espace » (ADR 0036): the code first (phones show it in the
 * notification), how long it lasts, and never to give it. One SMS, GSM-7.
 */
export function signInCodeNoticeText(facts: { code: string; minutes: number }): { subject: string; text: string } {
  return {
    subject: 'Relais : votre code pour Mon espace',
    text: toGsm7(`${facts.code} est votre code Relais pour Mon espace. Il est valable ${facts.minutes} minutes. Ne le donnez à personne.`),
  };
}

/** Her invitation to « Mon espace »: the single-use link and its last day. */
export function invitationNoticeText(facts: { link: string; expiresAt: string }): { subject: string; text: string } {
  const until = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', day: 'numeric', month: 'numeric' }).format(
    new Date(facts.expiresAt),
  );
  return {
    subject: 'Relais : votre invitation à Mon espace',
    text: toGsm7(`Relais : Mon espace, lien à usage unique avant le ${until} : ${facts.link}`),
  };
}

/** The longest referral notice: two SMS of 153 septets (concatenated), GSM-7 only (ADR 0033). */
export const REFERRAL_SMS_MAX = 2 * SMS_PART;

/** A partner's decline category in words (never its comment). */
const DECLINE_WORDS: Record<string, string> = {
  hors_competence: 'ce n’est pas dans ses missions',
  conditions_non_remplies: 'les conditions d’accès ne sont pas remplies',
  deja_accompagnee: 'un accompagnement est déjà en cours',
  personne_injoignable: 'elle n’a pas pu vous joindre',
  capacite_insuffisante: 'elle n’a plus de place pour le moment',
};

/** What became of it, in words (never the partner's comment). */
const OUTCOME_WORDS: Record<string, string> = {
  service_delivered: ' : la structure indique que le service a été rendu.',
  not_delivered:
    ' : la structure indique que le service n’a pas pu être rendu. Votre lieu d’accueil peut vous proposer une autre solution.',
  person_absent: ' : la structure indique ne pas avoir pu vous rencontrer. Vous pouvez la recontacter.',
  other: '.',
};

/** `+33565535000` → `05 65 53 50 00`; a foreign number stays as it is. */
export function frenchPhone(e164: string): string {
  const m = /^\+33(\d{9})$/.exec(e164);
  return m ? `0${m[1]}`.replace(/(\d{2})(?=\d)/g, '$1 ') : e164;
}

/** `words` without its last word, ended by `...` (never cut inside a word); undefined when one word is left. */
function dropLastWord(words: string): string | undefined {
  const bare = words.replace(/\.\.\.$/, '').trimEnd();
  const cut = bare.lastIndexOf(' ');
  if (cut <= 0) return undefined;
  return `${bare.slice(0, cut).replace(/[\s,;:–-]+$/, '')}...`;
}

export interface ReferralNoticeFacts {
  kind: 'referral.sent' | 'referral.declined' | 'referral.closed';
  organisationName: string;
  organisationArticle?: Article;
  site?: { address?: string; postalCode?: string; phone?: string; openingHours?: string };
  reasonCode?: string;
  outcome?: string;
}

/**
 * The words the person reads about her referral (issue 14, point 4; ADR 0033): where she was
 * sent — the partner with its article, the place's address, phone and opening hours in words —
 * or what became of it (a category or an outcome, never the partner's comment). Plain French
 * written in GSM-7, at most two SMS: when too long, the hours are said short, then left out;
 * then the address, then the name lose their last words (« ... »); the phone is never cut.
 */
export function referralNoticeText(facts: ReferralNoticeFacts): { subject: string; text: string } {
  const article = facts.organisationArticle ?? guessArticle(facts.organisationName.trim());
  const phone = facts.site?.phone ? frenchPhone(facts.site.phone) : undefined;
  const hoursChoices = [hoursInWords(facts.site?.openingHours), hoursInWords(facts.site?.openingHours, 'short'), undefined];
  const build = (name: string, address: string | undefined, hours: string | undefined): string => {
    const partner = { name, article };
    if (facts.kind === 'referral.declined') {
      const why = facts.reasonCode ? DECLINE_WORDS[facts.reasonCode] : undefined;
      return toGsm7(
        `Relais : ${withArticle(partner)} ne peut pas donner suite à votre orientation${why ? ` (${why})` : ''}. ` +
          'Votre lieu d’accueil peut vous proposer une autre solution.',
      );
    }
    if (facts.kind === 'referral.closed') {
      return toGsm7(`Relais : votre orientation ${after('vers', partner)} est terminée${OUTCOME_WORDS[facts.outcome ?? 'other'] ?? '.'}`);
    }
    const parts = [`Relais : votre orientation ${after('vers', partner)} est envoyée.`];
    if (address) parts.push(`Adresse : ${address}${address.endsWith('...') ? '' : '.'}`);
    if (phone) parts.push(`Tél : ${phone}.`);
    if (hours) parts.push(`Horaires : ${hours}.`);
    if (!address && !phone) parts.push('Votre lieu d’accueil vous donnera ses coordonnées.');
    return toGsm7(parts.join(' '));
  };
  const subject =
    facts.kind === 'referral.sent'
      ? 'Relais : votre orientation'
      : `Relais : suite de votre orientation ${after('vers', { name: facts.organisationName.trim(), article })}`;
  let name = facts.organisationName.trim();
  let address = facts.site?.address?.trim() || undefined;
  const fits = (text: string) => gsm7Length(text) <= REFERRAL_SMS_MAX;
  for (const hours of hoursChoices) {
    const text = build(name, address, hours);
    if (fits(text)) return { subject, text };
  }
  // Still too long without the hours: the address loses its first parts (building, residence…)
  // while the street and the town remain, then the name and the address lose their last words.
  let text = build(name, address, undefined);
  while (!fits(text)) {
    const parts = address?.split(/\s*,\s*/) ?? [];
    const shorterName = dropLastWord(name);
    if (parts.length > 2) address = parts.slice(1).join(', ');
    else if (shorterName && name.length >= (address?.length ?? 0)) name = shorterName;
    else if (address && dropLastWord(address)) address = dropLastWord(address);
    else if (shorterName) name = shorterName;
    else break;
    text = build(name, address, undefined);
  }
  return { subject, text };
}
