/**
 * What the screens offer to whom (SECURITY.md, "Who may do what"). The API decides: these only
 * hide what it would refuse, and a 403 it still answers is shown as it is.
 */
import type { Me } from '../api/types';

/** The network's coordination: directory, charter, network events, coverage, exports. */
export const isCoordinator = (me: Me | null): boolean => !!me && me.roles.some((role) => role === 'pilote' || role === 'admin');

/** The administrators: staff accounts awaiting a role (ADR 0041). */
export const isAdmin = (me: Me | null): boolean => !!me && me.roles.includes('admin');

/** A partner edits its own organisation's entry, sites and services; the coordination edits all. */
export const canEditOrganisation = (me: Me | null, organisationId: string): boolean =>
  isCoordinator(me) || (!!me && me.roles.includes('partenaire') && me.organisationId === organisationId);

/** Organisations in which the user may create a site or a service. */
export const editableOrganisationIds = (me: Me | null, all: ReadonlyArray<{ id: string }>): string[] =>
  all.filter((o) => canEditOrganisation(me, o.id)).map((o) => o.id);

/**
 * Satisfaction survey results (SECURITY.md, « read indicators, exports »): the coordination any
 * organisation's, a partner its own organisation's; reception agents and social workers none.
 */
export const canReadSurveyResults = (me: Me | null): boolean =>
  isCoordinator(me) || (!!me && !!me.organisationId && me.roles.includes('partenaire'));

/** Reception agents, social workers and partners: receptions, persons, referrals (never the coordination). */
export const isFieldWorker = (me: Me | null): boolean =>
  !!me && me.roles.some((role) => role === 'accueil' || role === 'travailleur_social' || role === 'partenaire');

/** Only the receiving organisation answers a referral. */
export const canAnswerReferral = (me: Me | null, referral: { toOrganisationId: string }): boolean =>
  isFieldWorker(me) && !!me && me.organisationId === referral.toOrganisationId;
