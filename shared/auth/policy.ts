/**
 * The authorisation policy of Relais: the one place that decides who may do what (SECURITY.md,
 * ADR 0015). Every HTTP route names an action; an action has a role gate (checked by the kernel
 * before anything else) and, when the answer depends on the caller's relationship to the
 * resource, a rule over relationship facts that the owning service gathers from its own data
 * and passes to `decide` / `authorize`. Nothing else decides: handlers and use cases ask.
 *
 * This module imports no service code (manifests and the kernel load it); it is pure data and
 * pure functions, so the matrix test and the generated matrix (docs/security-matrix.md) read it.
 * It holds only what decides, because every route function bundles it: each action's French
 * label and rule text, and the facts its rule reads, are in policy-matrix.ts, which only the
 * generated matrix and the tests import (ADR 0052).
 */
import type { AppError } from '../errors/errors';
import type { Access, Role } from '../manifest/manifest';

export type Decision = 'allow' | 'restricted' | 'deny';

/** Who is asking: the roles and the organisation (an `Actor` fits). */
export interface Principal {
  roles: readonly Role[];
  organisationId: string | null;
}

/**
 * What the caller is to the resource. Each service computes the facts it owns (intake: the
 * person's record, consents, referrals, grants; parcours: membership; directory: the
 * organisation) and never a decision.
 */
export interface Facts {
  /** The caller's organisation is a member of the reception network (partners must be). */
  networkMember?: boolean;
  /** The person was recorded by the caller's organisation. */
  recordedByOwnOrganisation?: boolean;
  /** The person agreed to share her history within the network. */
  sharingConsent?: boolean;
  /** The person was referred to the caller's organisation. */
  referredToOwnOrganisation?: boolean;
  /** The caller is an active member of one of the person's open parcours (or of this parcours). */
  parcoursMember?: boolean;
  /** The caller is the référent of this parcours. */
  parcoursReferent?: boolean;
  /** The caller holds a running « accès exceptionnel » to this person's file. */
  exceptionalAccess?: boolean;
  /** The referral was sent by the caller's organisation. */
  sendingOrganisation?: boolean;
  /** The referral is addressed to the caller's organisation. */
  receivingOrganisation?: boolean;
  /** The organisation (or its site, service, results) is the caller's own. */
  ownOrganisation?: boolean;
  /** The staff account is the caller's own (ADR 0041: no one gives themselves a role). */
  ownAccount?: boolean;
}

export type Relation = keyof Facts;

const FIELD: readonly Role[] = ['accueil', 'travailleur_social', 'partenaire'];
const COORDINATION: readonly Role[] = ['pilote', 'admin'];
// Written out, not spread from the two above: a spread in ACTIONS would make the bundler keep the
// whole table in functions that never decide anything (docs/adr/0064).
const FIELD_AND_COORDINATION: readonly Role[] = ['accueil', 'travailleur_social', 'partenaire', 'pilote', 'admin'];

interface ActionDecl {
  /** Who may call at all: `public`, `authenticated`, or these roles. */
  gate: Access;
  /** The decision for a caller past the gate; `allow` when absent. */
  rule?: (who: Principal, facts: Facts) => Decision;
}

const has = (who: Principal, ...roles: readonly Role[]) => who.roles.some((r) => roles.includes(r));
/** A partner acts on persons only for a network member (SECURITY.md); other field roles always. */
const fieldMember = (who: Principal, f: Facts) => has(who, 'accueil', 'travailleur_social') || f.networkMember === true;

/**
 * How much of a person's file the caller reads (DOMAIN rule 2, SECURITY.md):
 * the recording organisation sees everything; a member of one of her open parcours (social
 * worker or partner) too; reception agents and social workers of other organisations with her
 * sharing consent, otherwise that a record exists and whom to contact; a partner only persons
 * referred to it, under the same consent rule; an « accès exceptionnel » opens a restricted
 * file for 24 hours; the coordinator and admins never (aggregates only).
 */
function personRead(who: Principal, f: Facts): Decision {
  if (!has(who, ...FIELD)) return 'deny';
  if (f.recordedByOwnOrganisation) return 'allow';
  if (f.parcoursMember && has(who, 'travailleur_social', 'partenaire')) return 'allow';
  let base: Decision;
  if (has(who, 'accueil', 'travailleur_social')) base = f.sharingConsent ? 'allow' : 'restricted';
  else base = f.referredToOwnOrganisation ? (f.sharingConsent ? 'allow' : 'restricted') : 'deny';
  return base === 'restricted' && f.exceptionalAccess ? 'allow' : base;
}

export const ACTIONS = {
  // Platform -----------------------------------------------------------------------------------
  'platform.public': { gate: 'public' },
  'platform.me': { gate: 'authenticated' },
  'dev.signIn': { gate: 'public' },
  'dev.outbox': { gate: COORDINATION },
  // Staff accounts (issue 18 point 7, ADR 0041): a ProConnect agent's first sign-in leaves an account without a role.
  'accounts.read': {
    gate: ['admin'],
  },
  'accounts.assign': {
    gate: ['admin'],
    rule: (_who, f) => (f.ownAccount ? 'deny' : 'allow'),
  },
  'sms.inbound': { gate: 'public' },
  'referralLink.use': { gate: 'public' },
  'reviewLink.use': { gate: 'public' },
  'bookingLink.use': { gate: 'public' },
  'appointmentLink.use': {
    gate: 'public',
  },
  'surveyLink.use': {
    gate: 'public',
  },
  'person.signIn': {
    gate: 'public',
  },

  // Directory ----------------------------------------------------------------------------------
  'directory.read': { gate: 'authenticated' },
  'directory.governance': {
    gate: COORDINATION,
  },
  'directory.edit': {
    gate: ['pilote', 'admin', 'partenaire'],
    rule: (who, f) => (has(who, ...COORDINATION) || f.ownOrganisation ? 'allow' : 'deny'),
  },
  'directory.moderate': {
    gate: COORDINATION,
  },
  'directory.campaign': {
    gate: COORDINATION,
  },
  'directory.coordinate': {
    gate: COORDINATION,
  },

  // Intake -------------------------------------------------------------------------------------
  'person.record': {
    gate: FIELD,
    rule: (who, f) => (fieldMember(who, f) ? 'allow' : 'deny'),
  },
  'person.read': {
    gate: FIELD,
    rule: personRead,
  },
  'person.consents': {
    gate: FIELD,
    rule: (_who, f) => (f.recordedByOwnOrganisation ? 'allow' : 'deny'),
  },
  'person.exceptionalAccess': {
    gate: FIELD,
    rule: (who, f) => (personRead(who, { ...f, exceptionalAccess: false }) === 'deny' ? 'deny' : 'allow'),
  },
  'person.invite': {
    gate: FIELD,
    rule: (who, f) => (personRead(who, { ...f, exceptionalAccess: false }) === 'allow' ? 'allow' : 'deny'),
  },
  'person.identityLink': {
    gate: FIELD,
    rule: (who, f) => (personRead(who, { ...f, exceptionalAccess: false }) === 'allow' ? 'allow' : 'deny'),
  },
  'referral.send': {
    gate: FIELD,
    rule: (who, f) => (personRead(who, f) === 'deny' ? 'deny' : 'allow'),
  },
  'referral.list': { gate: FIELD },
  'referral.read': {
    gate: FIELD,
    rule: (_who, f) => (f.sendingOrganisation || f.receivingOrganisation ? 'allow' : 'deny'),
  },
  'referral.respond': {
    gate: FIELD,
    rule: (_who, f) => (f.receivingOrganisation ? 'allow' : 'deny'),
  },
  'person.correct': {
    gate: FIELD,
    rule: (_who, f) => (f.recordedByOwnOrganisation ? 'allow' : 'deny'),
  },
  'reception.correct': {
    gate: FIELD,
    rule: (_who, f) => (f.ownOrganisation ? 'allow' : 'deny'),
  },
  'referral.withdraw': {
    gate: FIELD,
    rule: (_who, f) => (f.sendingOrganisation ? 'allow' : 'deny'),
  },
  'person.export': {
    gate: FIELD,
    rule: (_who, f) => (f.recordedByOwnOrganisation ? 'allow' : 'deny'),
  },
  'referral.reachability': { gate: FIELD },
  'audit.read': { gate: COORDINATION },
  // ADR 0038: the person's flags on reads of her file reach the coordinator.
  'audit.flags': { gate: COORDINATION },
  'me.parcours': {
    gate: ['personne'],
  },
  'parcours.referentRequests': {
    gate: COORDINATION,
  },
  'me.survey': {
    gate: ['personne'],
  },
  'me.details': {
    gate: ['personne'],
  },
  'person.identityRequests': {
    gate: FIELD,
  },
  'me.reads': {
    gate: ['personne'],
  },

  // Parcours -----------------------------------------------------------------------------------
  'parcours.open': {
    gate: ['travailleur_social'],
    rule: (who, f) => (personRead(who, { ...f, exceptionalAccess: false }) === 'allow' ? 'allow' : 'deny'),
  },
  'parcours.list': { gate: FIELD },
  'parcours.contribute': {
    gate: FIELD,
    rule: (_who, f) => (f.parcoursMember ? 'allow' : 'deny'),
  },
  'parcours.manage': {
    gate: FIELD,
    rule: (_who, f) => (f.parcoursMember && f.parcoursReferent ? 'allow' : 'deny'),
  },
  'parcours.takeOver': {
    gate: ['travailleur_social'],
    rule: (_who, f) => (f.parcoursMember ? 'allow' : 'deny'),
  },

  // Appointments (issue 17) ------------------------------------------------------------------------
  'appointments.slots': {
    gate: 'authenticated',
  },
  'appointments.availability': {
    gate: ['pilote', 'admin', 'partenaire'],
    rule: (who, f) => (has(who, ...COORDINATION) || f.ownOrganisation ? 'allow' : 'deny'),
  },
  'appointments.book': {
    gate: FIELD,
    rule: (_who, f) => (f.sendingOrganisation || f.receivingOrganisation ? 'allow' : 'deny'),
  },
  'appointments.bookingLink': {
    gate: FIELD,
    rule: (_who, f) => (f.sendingOrganisation || f.receivingOrganisation ? 'allow' : 'deny'),
  },
  'appointments.cancel': {
    gate: FIELD,
    rule: (_who, f) => (f.sendingOrganisation || f.ownOrganisation ? 'allow' : 'deny'),
  },
  'appointments.outcome': {
    gate: FIELD_AND_COORDINATION,
    rule: (who, f) => (has(who, ...COORDINATION) || f.ownOrganisation ? 'allow' : 'deny'),
  },
  'appointments.read': {
    gate: FIELD_AND_COORDINATION,
    rule: (who, f) => (has(who, ...COORDINATION) || f.sendingOrganisation || f.ownOrganisation ? 'allow' : 'deny'),
  },
  'appointments.agenda': {
    gate: FIELD_AND_COORDINATION,
    rule: (who, f) => (has(who, ...COORDINATION) || f.ownOrganisation ? 'allow' : 'deny'),
  },

  // « Mon espace », the person herself (issue 15) -------------------------------------------------
  'personSpace.file': {
    gate: ['personne'],
  },

  // Surveys and indicators ---------------------------------------------------------------------
  'surveys.results': {
    gate: ['partenaire', 'pilote', 'admin'],
    rule: (who, f) => (has(who, ...COORDINATION) || f.ownOrganisation ? 'allow' : 'deny'),
  },
  'indicators.read': { gate: COORDINATION },
  // ADR 0034: counts per partner and the list of running referrals at risk; ids, dates, statuses, no person.
  'referral.watch': { gate: COORDINATION },
} satisfies Record<string, ActionDecl>;

export type ActionId = keyof typeof ACTIONS;

function action(id: ActionId): ActionDecl {
  return ACTIONS[id] as ActionDecl;
}

/** Does the caller pass the action's role gate? */
export function passesGate(id: ActionId, who: Principal | null): boolean {
  const gate = action(id).gate;
  if (gate === 'public') return true;
  if (!who) return false;
  // « Authenticated » means a professional: the person's token passes only gates naming `personne`.
  if (gate === 'authenticated') return !who.roles.includes('personne');
  return has(who, ...gate);
}

/** The decision for a caller and the facts of their relationship to the resource. */
export function decide(id: ActionId, who: Principal, facts: Facts = {}): Decision {
  if (!passesGate(id, who)) return 'deny';
  const rule = action(id).rule;
  return rule ? rule(who, facts) : 'allow';
}

/**
 * `decide`, throwing `refusal` when denied: a 403 from the caller's error catalogue (a French
 * message without personal data, ADR 0018).
 */
export function authorize(id: ActionId, who: Principal, facts: Facts, refusal: AppError): Exclude<Decision, 'deny'> {
  const decision = decide(id, who, facts);
  if (decision === 'deny') throw refusal;
  return decision;
}
