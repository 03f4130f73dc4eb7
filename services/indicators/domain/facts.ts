import { createHmac } from 'node:crypto';
import * as z from 'zod';

/**
 * The facts the indicators keep from the other services' events. Each source event is read with
 * this service's own zod schema of the fields it needs (contracts.md), so a publisher may add
 * fields freely. A fact holds no personal data: no phone, no name, and a person only as a keyed
 * hash of their pseudonymous id (counting distinct persons needs nothing more).
 */

const iso = z.string().min(10);

export const Contracts = {
  'relais.directory': {
    OrganisationChanged: z.object({
      organisationId: z.string(),
      version: z.number().int(),
      type: z.string(),
      networkMember: z.boolean(),
    }),
    SiteChanged: z.object({
      siteId: z.string(),
      organisationId: z.string(),
      version: z.number().int(),
      unconditionalReception: z.boolean(),
      onPublicMap: z.boolean().optional(),
    }),
    CoverageComputed: z.object({
      computedAt: iso,
      rate: z.number(),
      populationTotal: z.number(),
      populationCovered: z.number(),
    }),
    NetworkEventRecorded: z.object({
      networkEventId: z.string(),
      kind: z.string(),
      date: iso,
      participantKeys: z.array(z.string()),
    }),
  },
  'relais.intake': {
    ReceptionRecorded: z.object({
      receptionId: z.string(),
      channel: z.string(),
      themes: z.array(z.string()),
      communeCode: z.string().optional(),
      receivedAt: iso,
    }),
    ReceptionCorrected: z.object({
      receptionId: z.string(),
      version: z.number().int(),
      before: z.object({ channel: z.string(), themes: z.array(z.string()) }),
      after: z.object({ channel: z.string(), themes: z.array(z.string()) }),
      at: iso,
    }),
    ReceptionCancelled: z.object({
      receptionId: z.string(),
      version: z.number().int(),
      at: iso,
    }),
    ReferralSent: z.object({
      referralId: z.string(),
      receptionId: z.string().optional(),
      themes: z.array(z.string()),
      sentAt: iso,
    }),
    PersonErased: z.object({
      personId: z.string(),
      at: iso,
    }),
    ReferralStatusChanged: z.object({
      referralId: z.string(),
      status: z.string(),
      at: iso,
      themes: z.array(z.string()).optional(),
      reasonCode: z.string().optional(),
      /** When closed: the outcome code (ADR 0026); anything else is dropped, never free text. */
      outcome: z.enum(['service_delivered', 'not_delivered', 'person_absent', 'other']).optional().catch(undefined),
    }),
  },
  'relais.parcours': {
    TerritoryChanged: z.object({
      territoryId: z.string(),
      name: z.string(),
      communeCodes: z.array(z.string()),
      referentDeployed: z.boolean(),
      deployedOn: z.string().optional(),
      version: z.number().int(),
    }),
    ParcoursOpened: z.object({
      parcoursId: z.string(),
      personId: z.string(),
      referentOrganisationId: z.string(),
      openedAt: iso,
    }),
    ParcoursReferentChanged: z.object({
      parcoursId: z.string(),
      personId: z.string().optional(),
      referentOrganisationId: z.string(),
      at: iso,
    }),
    ParcoursMemberAdded: z.object({
      parcoursId: z.string(),
      personId: z.string().optional(),
      organisationId: z.string(),
      at: iso,
    }),
    MeetingHeld: z.object({
      parcoursId: z.string(),
      meetingId: z.string(),
      date: iso,
    }),
    ParcoursClosed: z.object({
      parcoursId: z.string(),
      personId: z.string(),
      referentOrganisationId: z.string(),
      openedAt: iso,
      closedAt: iso,
      withAssessment: z.boolean(),
    }),
  },
  'relais.appointments': {
    /** The person came to an appointment booked for a referral (ADR 0039: the no-show rate). */
    AppointmentHonoured: z.object({
      appointmentId: z.string(),
      organisationId: z.string(),
      start: iso,
      themes: z.array(z.string()).optional(),
    }),
    /** The person did not come and did not cancel. */
    AppointmentMissed: z.object({
      appointmentId: z.string(),
      organisationId: z.string(),
      start: iso,
      themes: z.array(z.string()).optional(),
    }),
  },
  'relais.surveys': {
    SurveySent: z.object({
      surveyId: z.string(),
      organisationId: z.string(),
      sentAt: iso,
    }),
    SurveyAnswered: z.object({
      surveyId: z.string(),
      organisationId: z.string(),
      score: z.number(),
      answeredAt: iso,
    }),
  },
} as const;

type ContractMap = typeof Contracts;
type Sources = keyof ContractMap;
export type FactType = { [S in Sources]: keyof ContractMap[S] }[Sources];

/** The EventBridge patterns of the subscriptions: one per source (service.ts). */
export function detailTypes<S extends Sources>(source: S): string[] {
  return Object.keys(Contracts[source]);
}

type DataOf<T extends FactType> = {
  [S in Sources]: T extends keyof ContractMap[S] ? (ContractMap[S][T] extends z.ZodType ? z.output<ContractMap[S][T]> : never) : never;
}[Sources];

/** The stored shape: the event's data with `personId` replaced by `person` (keyed hash). */
export type FactData<T extends FactType> = Omit<DataOf<T>, 'personId'> &
  ('personId' extends keyof DataOf<T> ? (DataOf<T> extends { personId: string } ? { person: string } : { person?: string }) : unknown);

export interface Fact<T extends FactType = FactType> {
  type: T;
  eventId: string;
  occurredAt: string;
  data: FactData<T>;
}

/**
 * A keyed hash of a pseudonymous person id: distinct counts without holding the id. The key is
 * the platform's `indicatorsKey` secret (shared/auth/secrets.ts), given by the consumer; the
 * default serves unit tests only.
 */
export function personKey(personId: string, key = 'relais-indicators-tests'): string {
  return createHmac('sha256', key).update(`person:${personId}`).digest('base64url').slice(0, 32);
}

/**
 * Read a received event into a fact, or `undefined` when the indicators do not use it. A known
 * event whose fields do not match its contract is an error (the message goes to the DLQ).
 */
export function toFact(
  source: string,
  detailType: string,
  envelope: { metadata: { eventId: string; occurredAt: string }; data: unknown },
  key?: string,
): Fact | undefined {
  const contracts = (Contracts as Record<string, Record<string, z.ZodType> | undefined>)[source];
  const schema = contracts?.[detailType];
  if (!schema) return undefined;
  const parsed = schema.parse(envelope.data) as Record<string, unknown>;
  const { personId, ...rest } = parsed;
  const data = typeof personId === 'string' ? { ...rest, person: personKey(personId, key) } : rest;
  return {
    type: detailType as FactType,
    eventId: envelope.metadata.eventId,
    occurredAt: envelope.metadata.occurredAt,
    data: data as FactData<FactType>,
  };
}
