import { type Article, after, guessArticle } from '../../../shared/text/french';
import { SMS_MAX, gsm7Length, toGsm7 } from '../../../shared/sms/gsm7';
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
    | 'appointment.booking-link-reminder';
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
 * characters where possible: the place's name is shortened first, never the time or the link).
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
  let name = facts.siteName.trim() || 'à la structure';
  let text = build(name);
  while (gsm7Length(text) > SMS_MAX && name.length > 12) {
    name = `${name.slice(0, Math.max(12, name.length - (gsm7Length(text) - SMS_MAX) - 1)).trimEnd()}…`;
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
