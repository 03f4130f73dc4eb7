/** The shapes of the API answers the SPA reads (see docs: API.md). */

export type Role = 'accueil' | 'travailleur_social' | 'partenaire' | 'pilote' | 'admin';

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
 * maps draw on a plain local style.
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
}

/** One invalid field of a 400 problem: `path` like `body.contacts.0.email`. */
export interface FieldProblem {
  path: string;
  message: string;
}

export interface DemoUser {
  username: string;
  name: string;
  role: Role;
  organisationId: string;
  organisationName: string;
  siteId: string | null;
}

export interface DevTokenResponse {
  accessToken: string;
  expiresIn: number;
  user: DemoUser;
}

export interface Me {
  id: string;
  name: string;
  roles: Role[];
  organisationId: string | null;
  siteId: string | null;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface Location {
  lon: number;
  lat: number;
}

export interface Charter {
  signedOn: string;
  commitments: string[];
}

export interface Contact {
  name: string;
  role?: string;
  email?: string;
  phone?: string;
}

export interface NotificationPreferences {
  email?: string;
  sms?: string;
  webhookUrl?: string;
}

export interface Organisation {
  id: string;
  name: string;
  type: string;
  siret?: string;
  charter?: Charter;
  networkMember: boolean;
  notification?: NotificationPreferences;
  contacts?: Contact[];
  website?: string;
  description?: string;
  webhookSecretSet?: boolean;
  version?: number;
  createdAt?: string;
  updatedAt?: string;
}

export type LocationSource = 'provided' | 'amazon-location' | 'commune-centre';

export interface Site {
  id: string;
  organisationId: string;
  name: string;
  address: string;
  communeCode: string;
  postalCode?: string;
  location: Location;
  locationSource?: LocationSource;
  openingHours: string;
  openNow?: boolean | null;
  nextOpening?: string | null;
  unconditionalReception: boolean;
  onPublicMap?: boolean;
  themes: string[];
  accessibility: string;
  phone?: string;
  email?: string;
  version?: number;
}

export interface Service {
  id: string;
  organisationId: string;
  siteId?: string;
  name: string;
  description: string;
  type?: string;
  themes: string[];
  publics: string[];
  publicsDetails?: string;
  receptionModes: string[];
  mobilisationModes: string[];
  mobilisableBy: string[];
  mobilisationLink?: string;
  mobilisationDetails?: string;
  fees?: string;
  feesDetails?: string;
  accessConditions?: string;
  eligibilityZone: string[];
  phone?: string;
  email?: string;
  contactName?: string;
  openingHours?: string;
  weeklyHours?: number;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export type TravelMethod = 'estimate' | 'amazon-location';

/** A reception point as the public map shows it: public facts only. */
export interface PublicSite {
  id: string;
  name: string;
  organisationName: string;
  address: string;
  communeCode: string;
  location: Location;
  openingHours: string;
  openNow: boolean | null;
  nextOpening: string | null;
  themes: string[];
  accessibility: string;
  phone?: string;
  email?: string;
}

export interface CommuneSuggestion {
  code: string;
  name: string;
  postalCodes: string[];
}

export interface PublicNearest {
  commune: { code: string; name: string };
  items: Array<{ site: PublicSite; minutes: number; km: number; method: TravelMethod }>;
}

export interface CoverageCommune {
  code: string;
  name: string;
  population: number;
  nearestSiteId: string | null;
  minutes: number | null;
  covered: boolean;
  location?: Location;
}

export interface Coverage {
  thresholdMinutes: number;
  populationTotal: number;
  populationCovered: number;
  rate: number;
  method: TravelMethod;
  computedAt: string;
  departement: string;
  communes: CoverageCommune[];
}

export type NetworkEventKind = 'formation' | 'immersion' | 'rencontre' | 'conference';

export interface Participant {
  name: string;
  organisationId: string;
}

export interface NetworkEvent {
  id: string;
  kind: NetworkEventKind;
  title: string;
  date: string;
  description?: string;
  communeCode?: string;
  participants: Participant[];
  version: number;
}

export interface NetworkReach {
  year: number;
  events: number;
  participations: number;
  professionalsReached: number;
  byKind: Partial<Record<string, { events: number; professionalsReached: number }>>;
}

interface ImportCounts {
  created: number;
  updated: number;
  unchanged: number;
}

export interface ImportReport {
  structures: ImportCounts;
  services: ImportCounts;
  rejected: Array<{ kind: string; index: number; source?: string; id?: string; reasons: FieldProblem[] }>;
}

// ── Intake: persons, receptions, referrals ────────────────────────────────────────────────

export type Channel = 'site' | 'phone' | 'home_visit' | 'video' | 'mail';
export type AgeRange = '0-17' | '18-24' | '25-34' | '35-44' | '45-54' | '55-64' | '65-74' | '75+';
export type ConsentMethod = 'oral' | 'written' | 'digital';

/** A consent as recorded: what, how, when, by whom. */
export interface Consent {
  given: boolean;
  method: ConsentMethod;
  /** The signed document's reference, for a written consent. */
  reference?: string;
  recordedAt: string;
  recordedBy: { userId: string; name: string; organisationId: string | null };
}

export interface Consents {
  networkSharing: Consent;
  smsSurveys: Consent;
}

export interface Person {
  id: string;
  lastName: string;
  firstName: string;
  birthDate?: string;
  communeCode?: string;
  phone?: string;
  email?: string;
  consents: Consents;
  recordedBy: { organisationId: string; organisationName: string };
  createdAt: string;
  updatedAt: string;
  version: number;
}

/** The least that lets an agent recognise someone: a duplicate candidate. */
export interface PersonCandidate {
  id: string;
  lastName: string;
  firstName: string;
  birthDate: string | null;
  communeCode: string | null;
}

/** A search result; `restricted`: the history is not shared with the caller's organisation. */
export interface PersonSearchItem extends PersonCandidate {
  sharing: 'full' | 'restricted';
}

export interface NewPerson {
  lastName: string;
  firstName: string;
  birthDate?: string;
  communeCode?: string;
  phone?: string;
  email?: string;
  consents: { networkSharing: { given: boolean; method: ConsentMethod }; smsSurveys: { given: boolean; method?: ConsentMethod } };
  /** After a 409: the candidates the agent checked, none of whom is this person. */
  confirmedNotDuplicateOf?: string[];
}

export interface ProfessionalRef {
  userId: string;
  name: string;
  organisationId: string | null;
  role?: string;
}

export interface Reception {
  id: string;
  siteId: string;
  organisationId: string;
  channel: Channel;
  personId?: string;
  anonymous?: { ageRange?: AgeRange; communeCode?: string };
  themes: string[];
  summary?: string;
  informationGiven?: string;
  receivedAt: string;
  durationMinutes?: number;
  recordedBy: ProfessionalRef;
  createdAt: string;
}

export type ReferralStatus = 'sent' | 'accepted' | 'declined' | 'closed' | 'expired';
export type Urgency = 'normal' | 'urgent';

export interface ReferralActor {
  userId: string | null;
  name: string;
  organisationId: string | null;
  organisationName: string | null;
  role?: string;
  via: 'account' | 'link' | 'system';
}

export interface ReferralStep {
  status: ReferralStatus;
  at: string;
  by: ReferralActor;
  comment?: string;
  reason?: string;
  reasonCode?: string;
  outcome?: string;
}

/** A referral in a box: no liaison note, no identity. */
export interface ReferralSummary {
  id: string;
  status: ReferralStatus;
  fromOrganisationId: string;
  fromOrganisationName: string;
  fromSiteId?: string;
  toOrganisationId: string;
  toOrganisationName: string;
  serviceId?: string;
  personId?: string;
  receptionId?: string;
  themes: string[];
  reason: string;
  urgency: Urgency;
  sentAt: string;
  expiresAt: string;
  reminderAt: string;
  reminderSentAt?: string;
  history: ReferralStep[];
  version: number;
  updatedAt: string;
}

/** A referral opened by its sender or its receiver. */
export interface Referral extends ReferralSummary {
  liaisonNote: string;
  person?: { id: string; lastName: string; firstName: string; birthDate?: string; communeCode?: string; phone?: string; email?: string };
}

/**
 * What a partner's signed link shows: the request while it can be answered (`details: true`),
 * its status only afterwards (nothing about the person).
 */
export interface LinkReferral {
  id: string;
  status: ReferralStatus;
  details: boolean;
  fromOrganisationName: string;
  toOrganisationName: string;
  sentAt: string;
  expiresAt: string;
  updatedAt: string;
  themes?: string[];
  reason?: string;
  urgency?: Urgency;
  liaisonNote?: string;
  person?: { lastName: string; firstName: string };
}

export interface Professional {
  name: string;
  organisationId: string | null;
  organisationName: string | null;
  role: string | null;
  since: string;
}

/** A parcours of the person, as intake knows it (organisations and roles, no names). */
export interface PersonParcours {
  parcoursId: string;
  status: 'open' | 'closed';
  openedAt: string | null;
  closedAt: string | null;
  referentOrganisationId: string | null;
  referentOrganisationName: string | null;
  territoryId: string | null;
  members: Array<{ organisationId: string; organisationName: string; role: string; since: string | null; referent: boolean }>;
}

export type PersonHistory =
  | {
      restricted: false;
      person: Person;
      receptions: Reception[];
      referrals: ReferralSummary[];
      parcours: PersonParcours[];
      professionals: Professional[];
    }
  | { restricted: true; personId?: string; recordedBy: { organisationId: string; organisationName: string } };
