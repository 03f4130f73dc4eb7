import { type Article, after, guessArticle } from '../../../shared/text/french';
import type { Notice } from './notice-sender';

/** A message to the person herself, about her own file (no one else's data in it). */
export interface PersonNotice {
  /** The event it answers (`PersonNoticeRequested`): the local outbox keys it so, a redelivery writes nothing new. */
  eventId: string;
  kind: 'person.consents.changed';
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
