import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The proof intake hands Cognito after a right code or invitation (ADR 0040): the persons' pool
 * signs her in with a custom challenge, and its *Verify auth challenge* Lambda accepts only this
 * proof — an HMAC-SHA256, keyed by the stateful stack's `personAuth` secret, of her username (her
 * person id) and an expiry a minute away. Nothing else opens her tokens: no password, no code
 * reaches Cognito.
 */

/** How long a proof is valid: intake answers the challenge at once, in the same request. */
export const PROOF_SECONDS = 60;
/** A proof expiring further away than this was not made by intake (clock skew allowance included). */
const MAX_AHEAD_SECONDS = PROOF_SECONDS + 30;
const CONTEXT = 'relais:person-auth:v1';

const mac = (secret: string, username: string, expiresAt: number) =>
  createHmac('sha256', secret).update(`${CONTEXT}\n${username}\n${expiresAt}`).digest();

/** `<expiry in epoch seconds>.<HMAC, base64url>`. */
export function signProof(secret: string, username: string, now: Date): string {
  if (!secret || !username) throw new Error('signProof: secret and username are required');
  const expiresAt = Math.floor(now.getTime() / 1000) + PROOF_SECONDS;
  return `${expiresAt}.${mac(secret, username, expiresAt).toString('base64url')}`;
}

/** True only for a proof made with this secret, for this username, not expired, not too far ahead. */
export function verifyProof(secret: string, username: string, proof: unknown, now: Date): boolean {
  if (!secret || !username || typeof proof !== 'string') return false;
  const match = /^(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(proof);
  if (!match) return false;
  const expiresAt = Number(match[1]);
  const nowSeconds = Math.floor(now.getTime() / 1000);
  if (expiresAt < nowSeconds || expiresAt > nowSeconds + MAX_AHEAD_SECONDS) return false;
  const given = Buffer.from(match[2]!, 'base64url');
  const expected = mac(secret, username, expiresAt);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
