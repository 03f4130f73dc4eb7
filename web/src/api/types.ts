import type * as z from 'zod';
import type { FlaggedEntriesSchema, ReviewCampaignSchema } from '../../../services/directory/domain/campaign';
import type {
  CharterSchema,
  ContactSchema,
  ImportReportSchema,
  LocationSourceSchema,
  NotificationSchema,
  OrganisationSchema,
  ServiceSchema,
  SiteSchema,
} from '../../../services/directory/domain/directory.schema';
import type { CoverageCommuneSchema, CoverageSchema, TravelMethodSchema } from '../../../services/directory/domain/geo.schema';
import type {
  NetworkEventKindSchema,
  NetworkEventSchema,
  NetworkReachSchema,
  ParticipantSchema,
} from '../../../services/directory/domain/network-event.schema';
import type { CommuneSearchSchema, PublicNearestSchema, PublicSiteSchema } from '../../../services/directory/domain/public-map.schema';
import type { HistorySchema, ParcoursSummarySchema, ProfessionalSchema } from '../../../services/intake/domain/history.schema';
import type {
  ConsentMethodSchema,
  ConsentSchema,
  ConsentsSchema,
  CreatePersonSchema,
  PersonCandidateSchema,
  PersonSchema,
  PersonSearchItemSchema,
} from '../../../services/intake/domain/person.schema';
import type { AgeRangeSchema, ChannelSchema, ReceptionSchema } from '../../../services/intake/domain/reception.schema';
import type {
  LinkReferralSchema,
  ReferralActorSchema,
  ReferralHistoryEntrySchema,
  ReferralSchema,
  ReferralStatusSchema,
  ReferralSummarySchema,
  ReferralsAtRiskSchema,
  UrgencySchema,
} from '../../../services/intake/domain/referral.schema';
import type { DemoUserSchema, DevTokenResponseSchema, MeSchema } from '../../../services/platform/domain/platform.schema';

/*
 * The API's records come from the backend's zod schemas (`z.infer` of what the API answers,
 * `z.input` of what it accepts): never typed again here. What is left below is what no schema
 * describes yet (the settings, the sign-in, the coverage and the indicators' reports).
 */
export type Me = z.infer<typeof MeSchema>;
export type DemoUser = z.infer<typeof DemoUserSchema>;
export type DevTokenResponse = z.infer<typeof DevTokenResponseSchema>;
export type Organisation = z.infer<typeof OrganisationSchema>;
export type Charter = z.infer<typeof CharterSchema>;
export type Contact = z.infer<typeof ContactSchema>;
export type NotificationPreferences = z.infer<typeof NotificationSchema>;
export type Location = Site['location'];
export type PublicSite = z.infer<typeof PublicSiteSchema>;
export type CommuneSuggestion = z.infer<typeof CommuneSearchSchema>['items'][number];
export type PublicNearest = z.infer<typeof PublicNearestSchema>;
export type TravelMethod = z.infer<typeof TravelMethodSchema>;
export type CoverageCommune = z.infer<typeof CoverageCommuneSchema>;
export type Coverage = z.infer<typeof CoverageSchema>;
export type NetworkEventKind = z.infer<typeof NetworkEventKindSchema>;
export type Participant = z.infer<typeof ParticipantSchema>;
export type NetworkEvent = z.infer<typeof NetworkEventSchema>;
export type NetworkReach = z.infer<typeof NetworkReachSchema>;
export type ImportReport = z.infer<typeof ImportReportSchema>;
export type Professional = z.infer<typeof ProfessionalSchema>;
export type PersonParcours = z.infer<typeof ParcoursSummarySchema>;
export type PersonHistory = z.infer<typeof HistorySchema>;
export type Site = z.infer<typeof SiteSchema>;
export type Service = z.infer<typeof ServiceSchema>;
export type LocationSource = z.infer<typeof LocationSourceSchema>;
export type ConsentMethod = z.infer<typeof ConsentMethodSchema>;
export type Consent = z.infer<typeof ConsentSchema>;
export type Consents = z.infer<typeof ConsentsSchema>;
export type Person = z.infer<typeof PersonSchema>;
export type PersonCandidate = z.infer<typeof PersonCandidateSchema>;
export type PersonSearchItem = z.infer<typeof PersonSearchItemSchema>;
export type NewPerson = z.input<typeof CreatePersonSchema>;
export type Channel = z.infer<typeof ChannelSchema>;
export type AgeRange = z.infer<typeof AgeRangeSchema>;
export type Reception = z.infer<typeof ReceptionSchema>;
export type ReferralStatus = z.infer<typeof ReferralStatusSchema>;
export type Urgency = z.infer<typeof UrgencySchema>;
export type ReferralActor = z.infer<typeof ReferralActorSchema>;
export type ReferralStep = z.infer<typeof ReferralHistoryEntrySchema>;
export type ReferralSummary = z.infer<typeof ReferralSummarySchema>;
export type Referral = z.infer<typeof ReferralSchema>;
export type LinkReferral = z.infer<typeof LinkReferralSchema>;
export type ReferralsAtRisk = z.infer<typeof ReferralsAtRiskSchema>;

/** The shapes of the API answers the SPA reads (see docs: API.md). */

export interface CognitoConfig {
  domain: string;
  clientId: string;
  redirectUri: string;
}

/**
 * `/config.json`, written at deployment. Cognito is given either as `cognito` or, as the CDK
 * stack writes it, as flat `authDomain` + `userPoolClientId` (then the redirect URI is
 * `<origin>/auth/callback`). `apiUrl` is the API's origin when it is not the SPA's own.
 * `mapStyleUrl` (AWS): the Amazon Location style descriptor, API key included; without it the
 * maps draw on a plain local style. `personCognito` (AWS, only when the stage has FranceConnect,
 * ADR 0040): the persons' hosted UI and her client, for « Se connecter avec FranceConnect » in
 * « Mon espace »; its `redirectUri` is `/mon-espace` on the SPA's domain.
 */
export interface AppConfig {
  mode: 'local' | 'aws';
  cognito?: CognitoConfig;
  apiUrl?: string;
  authDomain?: string;
  userPoolClientId?: string;
  region?: string;
  mapName?: string;
  mapStyleUrl?: string;
  personCognito?: CognitoConfig;
}

/** One invalid field of a 400 problem: `path` like `body.contacts.0.email`. */
export interface FieldProblem {
  path: string;
  message: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Review campaigns and the report of flagged entries (issue 16 point 1, ADR 0044). */
export type ReviewCampaign = z.infer<typeof ReviewCampaignSchema>;
export type FlaggedEntries = z.infer<typeof FlaggedEntriesSchema>;
