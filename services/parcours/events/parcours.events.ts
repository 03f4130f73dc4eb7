import * as z from 'zod';
import { defineEvent } from '../../../shared/events/envelope';

/**
 * The contracts the parcours service publishes (source `relais.parcours`). Ids and
 * non-identifying facts only: never a name, never free text (a member's `role` is the one label
 * the contract carries, so intake can say in which capacity someone reads a history).
 */
const SOURCE = 'relais.parcours';

/** A parcours opened with the person's recorded agreement (DOMAIN rule 3). */
export const ParcoursOpened = defineEvent(
  SOURCE,
  'ParcoursOpened',
  z.object({
    parcoursId: z.string(),
    personId: z.string(),
    referentUserId: z.string(),
    referentOrganisationId: z.string(),
    territoryId: z.string().optional(),
    openedAt: z.string(),
  }),
);

/** The person chose another référent. */
export const ParcoursReferentChanged = defineEvent(
  SOURCE,
  'ParcoursReferentChanged',
  z.object({
    parcoursId: z.string(),
    personId: z.string(),
    previousReferentUserId: z.string(),
    referentUserId: z.string(),
    referentOrganisationId: z.string(),
    at: z.string(),
  }),
);

/** A professional joined the parcours: intake lets a member with an account read the person's history. */
export const ParcoursMemberAdded = defineEvent(
  SOURCE,
  'ParcoursMemberAdded',
  z.object({
    parcoursId: z.string(),
    personId: z.string(),
    memberId: z.string(),
    userId: z.string().optional(),
    organisationId: z.string(),
    role: z.string(),
    at: z.string(),
  }),
);

/** A professional left the parcours: from now on they no longer read the person's history through it. */
export const ParcoursMemberRemoved = defineEvent(
  SOURCE,
  'ParcoursMemberRemoved',
  z.object({
    parcoursId: z.string(),
    personId: z.string(),
    memberId: z.string(),
    userId: z.string().optional(),
    organisationId: z.string(),
    at: z.string(),
  }),
);

/** An instance de concertation was held. */
export const MeetingHeld = defineEvent(
  SOURCE,
  'MeetingHeld',
  z.object({
    parcoursId: z.string(),
    meetingId: z.string(),
    date: z.string(),
    personPresent: z.boolean(),
    participantCount: z.number().int().min(0),
  }),
);

/** The accompaniment ended, with (always, in this version) its end-of-accompaniment assessment. */
export const ParcoursClosed = defineEvent(
  SOURCE,
  'ParcoursClosed',
  z.object({
    parcoursId: z.string(),
    personId: z.string(),
    referentOrganisationId: z.string(),
    territoryId: z.string().optional(),
    openedAt: z.string(),
    closedAt: z.string(),
    withAssessment: z.boolean(),
    outcomes: z.object({ achieved: z.number().int().min(0), partly: z.number().int().min(0), notAchieved: z.number().int().min(0) }),
  }),
);

/** An action passed its due date without being done: its owner is reminded (once). */
export const ActionOverdue = defineEvent(
  SOURCE,
  'ActionOverdue',
  z.object({
    parcoursId: z.string(),
    goalId: z.string(),
    actionId: z.string(),
    ownerMemberId: z.string(),
    ownerUserId: z.string().optional(),
    ownerOrganisationId: z.string(),
    dueDate: z.string(),
  }),
);

/** A territory (STS) was created or changed: its communes and whether the référent approach is deployed there. */
export const TerritoryChanged = defineEvent(
  SOURCE,
  'TerritoryChanged',
  z.object({
    territoryId: z.string(),
    name: z.string(),
    communeCodes: z.array(z.string()),
    referentDeployed: z.boolean(),
    deployedOn: z.string().optional(),
    version: z.number().int().min(1),
  }),
);
