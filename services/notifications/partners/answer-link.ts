import { signLink } from '../../../shared/auth/signed-link';

/**
 * The longest a link from a notification works (issue 14: it serves until the referral ends,
 * closing included, bounded by RELAIS_REFERRAL_LINK_DAYS whose default this is; intake answers
 * 410 once the referral has ended).
 */
export const LINK_VALIDITY_DAYS = 60;
export const LINK_SCOPE = 'referral';
/** The SPA's page that opens a signed link (hash route, like every signed-in page). */
export const LINK_PATH = '/#/orientation/';

export interface AnswerLinkInput {
  /** The SPA's origin, e.g. `https://relais.lot.fr`. */
  appUrl: string;
  referralId: string;
  /** The receiving organisation: the only one the link lets in. */
  organisationId: string;
  now: Date;
  /** When the link is to stop (`linkValidUntil` of intake's events; older events: the referral's expiry). */
  referralExpiresAt?: string;
  secret: string;
}

export interface AnswerLink {
  url: string;
  validUntil: Date;
}

/**
 * The link in a message to the receiving organisation: it opens that one referral's liaison
 * note and lets the partner review, accept, decline and later close it without an account. The
 * token is a signed link (shared/auth/signed-link.ts) scoped to the referral and the
 * organisation, valid 60 days at most and never beyond the end intake gives it (the payload
 * intake's `referralLinkPayload` describes); intake verifies it when the SPA sends it back.
 */
export function answerLink({ appUrl, referralId, organisationId, now, referralExpiresAt, secret }: AnswerLinkInput): AnswerLink {
  const longest = Math.floor(now.getTime() / 1000) + LINK_VALIDITY_DAYS * 24 * 3600;
  const expiry = referralExpiresAt ? Math.floor(Date.parse(referralExpiresAt) / 1000) : Number.NaN;
  const exp = Number.isFinite(expiry) && expiry > now.getTime() / 1000 ? Math.min(longest, expiry) : longest;
  const token = signLink({ scope: LINK_SCOPE, subject: referralId, audience: organisationId, exp }, secret);
  return { url: `${appUrl.replace(/\/+$/, '')}${LINK_PATH}${token}`, validUntil: new Date(exp * 1000) };
}
