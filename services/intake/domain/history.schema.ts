import * as z from 'zod';
import { OrganisationRefSchema } from './common.schema';
import { PersonSchema } from './person.schema';
import { ReceptionSchema } from './reception.schema';
import { ReferralSummarySchema } from './referral.schema';

export const ProfessionalSchema = z.object({
  name: z.string(),
  organisationId: z.string().nullable(),
  organisationName: z.string().nullable(),
  role: z.string().nullable(),
  since: z.string(),
});

/** A parcours of the person, as intake knows it from the parcours service's events (ids, organisations, roles). */
export const ParcoursSummarySchema = z.object({
  parcoursId: z.string(),
  status: z.enum(['open', 'closed']),
  openedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  referentOrganisationId: z.string().nullable(),
  referentOrganisationName: z.string().nullable(),
  territoryId: z.string().nullable(),
  members: z.array(
    z.object({
      organisationId: z.string(),
      organisationName: z.string(),
      role: z.string(),
      since: z.string().nullable(),
      referent: z.boolean(),
    }),
  ),
});

/** The whole history (own organisation's record, or the person's sharing consent). */
export const FullHistorySchema = z.object({
  restricted: z.literal(false),
  person: PersonSchema,
  receptions: z.array(ReceptionSchema),
  referrals: z.array(ReferralSummarySchema),
  parcours: z.array(ParcoursSummarySchema),
  professionals: z.array(ProfessionalSchema),
});

/** Without consent: a record exists, and whom to contact. */
export const RestrictedHistorySchema = z.object({
  restricted: z.literal(true),
  personId: z.string(),
  recordedBy: OrganisationRefSchema,
});

export const HistorySchema = z.union([FullHistorySchema, RestrictedHistorySchema]);
