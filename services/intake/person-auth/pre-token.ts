import type { Role } from '../../../shared/manifest/manifest';

/**
 * The persons' pool's *Pre token generation* trigger (ADR 0040, « FranceConnect »), as a pure
 * function of Cognito's event (version 1: the ID token, the token her routes take) and one lookup.
 *
 * Her token has one shape whichever way she signed in: `cognito:groups: [personne]` and
 * `custom:personId`. A user intake signed in (code, invitation) already carries both (her group and
 * her immutable attribute): left unchanged. A FranceConnect user (`FranceConnect_<sub>`, the
 * `identities` attribute naming the provider) has neither in the pool: the trigger reads the index
 * entry `FC#<sub>` that a professional's identity link wrote (one GetItem) and adds her person id
 * and the group; without a link she gets the group and no person id, and every route of hers
 * answers 403 « Votre identité n'est pas encore reliée à votre dossier » (`kernel.person.unlinked`).
 * She is never matched by name or birth date.
 */

/** The provider's name in the persons' pool (infra/franceconnect.ts `FRANCECONNECT_PROVIDER`). */
export const FRANCECONNECT_PROVIDER_NAME = 'FranceConnect';
/** The claim the kernel reads her person id from (shared/auth/actor.ts). */
export const PERSON_ID_CLAIM = 'custom:personId';
/** The role of her token, as the custom flow's group gives it. */
export const PERSON_ROLE: Role = 'personne';

export interface ClaimsOverrideDetails {
  claimsToAddOrOverride?: Record<string, string>;
  claimsToSuppress?: string[];
  groupOverrideDetails?: { groupsToOverride: string[] };
}

/** What the trigger reads of Cognito's event, and the response it fills. */
export interface PreTokenEvent {
  triggerSource?: string;
  userName: string;
  request: { userAttributes?: Record<string, string | undefined> };
  response: { claimsOverrideDetails?: ClaimsOverrideDetails | null };
}

/** The person id a FranceConnect `sub` is linked to (IdentityLinkStore.personOf). */
export type PersonOfSub = (sub: string) => Promise<string | undefined>;

interface Identity {
  providerName?: unknown;
  userId?: unknown;
}

/**
 * Whether the user came through FranceConnect, and her `sub` there: from the `identities`
 * attribute Cognito keeps for a federated user (`[{ providerName, userId, … }]`), else from her
 * user name `FranceConnect_<sub>`. `undefined`: not federated (the custom-flow user).
 */
export function franceConnectIdentity(event: Pick<PreTokenEvent, 'userName' | 'request'>): { sub: string | undefined } | undefined {
  const raw = event.request.userAttributes?.identities;
  const byName = event.userName.startsWith(`${FRANCECONNECT_PROVIDER_NAME}_`);
  if (!raw && !byName) return undefined;
  let identities: Identity[] = [];
  try {
    const parsed: unknown = raw ? JSON.parse(raw) : [];
    if (Array.isArray(parsed)) identities = parsed as Identity[];
  } catch {
    // An unreadable attribute: a federated user whose sub we cannot tell (no person id).
  }
  const fc = identities.find((i) => i.providerName === FRANCECONNECT_PROVIDER_NAME);
  if (fc) return { sub: typeof fc.userId === 'string' && fc.userId ? fc.userId : undefined };
  if (byName) {
    const sub = event.userName.slice(FRANCECONNECT_PROVIDER_NAME.length + 1);
    return { sub: sub || undefined };
  }
  // Federated through a provider that is not FranceConnect (none is configured): no person id.
  return { sub: undefined };
}

/**
 * The claims of her ID token. Not federated: `undefined` (Cognito's own claims stand). Federated:
 * the group `personne`, and her person id when the `sub` is linked; otherwise the person-id claim
 * suppressed (nothing in the pool may stand in for the link).
 */
export async function preTokenClaims(
  event: Pick<PreTokenEvent, 'userName' | 'request'>,
  personOf: PersonOfSub,
): Promise<ClaimsOverrideDetails | undefined> {
  const identity = franceConnectIdentity(event);
  if (!identity) return undefined;
  const personId = identity.sub ? await personOf(identity.sub) : undefined;
  const groupOverrideDetails = { groupsToOverride: [PERSON_ROLE] };
  if (personId) return { claimsToAddOrOverride: { [PERSON_ID_CLAIM]: personId }, groupOverrideDetails };
  return { claimsToSuppress: [PERSON_ID_CLAIM], groupOverrideDetails };
}

/** Fills the event's response (Cognito reads it back); an unchanged event for the custom-flow user. */
export async function preTokenGeneration<E extends PreTokenEvent>(event: E, personOf: PersonOfSub): Promise<E> {
  const claims = await preTokenClaims(event, personOf);
  if (claims) event.response.claimsOverrideDetails = claims;
  return event;
}
