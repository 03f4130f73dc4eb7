import type { Notice } from './notice-sender';

const REASONS: Record<string, string> = {
  danger: 'mise en danger',
  legal_obligation: 'obligation légale',
  continuity_of_care: 'continuité de l’accompagnement',
};

/** What the coordinator is told: who (by account and organisation ids), why (the category), until when. No name, no explanation. */
export interface ExceptionalAccessNotice {
  eventId: string;
  grantId: string;
  personId: string;
  userId: string;
  organisationId: string;
  reason: string;
  grantedUntil: string;
  subject: string;
  text: string;
  link: string;
}

/** Pure: the words of the notice (plain French). */
export function exceptionalAccessNotice(
  facts: {
    eventId: string;
    grantId: string;
    personId: string;
    userId: string;
    organisationId: string;
    reason: string;
    grantedUntil: string;
  },
  appUrl: string,
): ExceptionalAccessNotice {
  const link = `${appUrl.replace(/\/+$/, '')}/#/acces-exceptionnels`;
  const until = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', dateStyle: 'short', timeStyle: 'short' }).format(
    new Date(facts.grantedUntil),
  );
  return {
    ...facts,
    subject: 'Relais : un accès exceptionnel à un dossier a été ouvert',
    text: `Un professionnel a ouvert un accès exceptionnel au dossier d’une personne (motif : ${REASONS[facts.reason] ?? facts.reason}), valable jusqu’au ${until}. Vérifiez-en la justification : ${link}`,
    link,
  };
}

/**
 * The notice as the sender takes it: one message on the notifications topic for the
 * coordinators' subscription (`audience = coordinator`); locally, for `pilote`.
 */
export function coordinatorNotice(notice: ExceptionalAccessNotice): Notice {
  return {
    eventId: notice.eventId,
    via: 'topic',
    to: 'pilote',
    subject: notice.subject,
    text: notice.text,
    attributes: { audience: 'coordinator', kind: 'exceptional-access.granted' },
    payload: { kind: 'exceptional-access.granted', audience: 'coordinator', ...notice },
  };
}
