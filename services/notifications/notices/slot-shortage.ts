import type { Notice } from './notice-sender';

export interface SlotShortageFacts {
  eventId: string;
  siteId: string;
  organisationId: string;
  siteName: string;
  /** The Paris days looked at, `YYYY-MM-DD`. */
  from: string;
  to: string;
  workingDays: number;
}

const frenchDate = (iso: string) => iso.slice(0, 10).split('-').reverse().join('/');

/**
 * Pure: the two messages of a slot shortage (issue 17, point 6), plain French, public facts only
 * (the site's name, the window): one to the partner's organisation on its channels, one to the
 * coordination. Each keyed by the event and its audience, so a redelivery sends nothing new.
 */
export function slotShortageNotices(facts: SlotShortageFacts): [Notice, Notice] {
  const place = facts.siteName ? `« ${facts.siteName} »` : 'de votre structure';
  const subject = 'Relais : plus aucun créneau de rendez-vous libre';
  const until = frenchDate(facts.to);
  const partnerText =
    `Bonjour, le lieu ${place} n’a plus aucun créneau de rendez-vous libre d’ici le ${until} (${facts.workingDays} jours ouvrés). ` +
    'Les professionnels qui orientent des personnes vers vous ne peuvent plus leur réserver de rendez-vous : ' +
    'ajoutez des plages à vos disponibilités dans Relais, ou prévenez la coordination.';
  const coordinatorText =
    `Le lieu ${facts.siteName ? `« ${facts.siteName} »` : facts.siteId} n’a plus aucun créneau de rendez-vous libre d’ici le ${until} ` +
    `(${facts.workingDays} jours ouvrés). Le partenaire a été prévenu.`;
  const payload = { kind: 'appointments.slot-shortage', ...facts, subject };
  return [
    {
      eventId: `${facts.eventId}#organisation`,
      via: 'topic',
      to: facts.organisationId,
      subject,
      text: partnerText,
      attributes: { organisationId: facts.organisationId, kind: 'appointments.slot-shortage' },
      payload: { ...payload, audience: 'organisation', text: partnerText },
    },
    {
      eventId: `${facts.eventId}#coordinator`,
      via: 'topic',
      to: 'pilote',
      subject,
      text: coordinatorText,
      attributes: { audience: 'coordinator', kind: 'appointments.slot-shortage' },
      payload: { ...payload, audience: 'coordinator', text: coordinatorText },
    },
  ];
}
