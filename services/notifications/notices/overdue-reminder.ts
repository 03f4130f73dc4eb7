import type { Notice } from './notice-sender';

/** The reminder an action's owner receives: no name, no label, only the due date and the link. */
export interface OverdueNotice {
  eventId: string;
  parcoursId: string;
  actionId: string;
  dueDate: string;
  to: { userId?: string; organisationId: string; memberId: string };
  subject: string;
  text: string;
  link: string;
}

const frenchDate = (iso: string) => iso.split('-').reverse().join('/');

/** Pure: the words of the reminder (French, plain), from the event's facts. */
export function overdueNotice(
  facts: {
    eventId: string;
    parcoursId: string;
    actionId: string;
    dueDate: string;
    ownerMemberId: string;
    ownerUserId?: string;
    ownerOrganisationId: string;
  },
  appUrl: string,
): OverdueNotice {
  const link = `${appUrl.replace(/\/+$/, '')}/#/parcours/${facts.parcoursId}`;
  return {
    eventId: facts.eventId,
    parcoursId: facts.parcoursId,
    actionId: facts.actionId,
    dueDate: facts.dueDate,
    to: {
      ...(facts.ownerUserId ? { userId: facts.ownerUserId } : {}),
      organisationId: facts.ownerOrganisationId,
      memberId: facts.ownerMemberId,
    },
    subject: 'Relais : une action du parcours est en retard',
    text: `Une action qui vous est confiée dans un parcours devait être faite pour le ${frenchDate(facts.dueDate)}. Mettez-la à jour ou convenez d’une nouvelle échéance avec le référent : ${link}`,
    link,
  };
}

/**
 * The reminder as the sender takes it: one message on the notifications topic, routed by
 * organisation (and user) attributes; locally, for the user (else the organisation).
 */
export function reminderNotice(notice: OverdueNotice): Notice {
  return {
    eventId: notice.eventId,
    via: 'topic',
    to: notice.to.userId ?? notice.to.organisationId,
    subject: notice.subject,
    text: notice.text,
    attributes: {
      organisationId: notice.to.organisationId,
      kind: 'parcours.action.overdue',
      ...(notice.to.userId ? { userId: notice.to.userId } : {}),
    },
    payload: { kind: 'parcours.action.overdue', audience: 'member', ...notice },
  };
}
