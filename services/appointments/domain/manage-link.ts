import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The person's link to cancel or move her appointment (issue 17 point 4, ADR 0042): short
 * enough for one SMS. `<appointment id>.<signature>`: the signature is an HMAC-SHA256 with the
 * platform's link secret — the signing of the self-booking link — over the scope and the id,
 * cut to 96 bits (16 base64url characters; checked online, so no one can try 2^96 of them).
 * No expiry in the token: the link opens until the appointment's start, read from the store.
 */
export const MANAGE_LINK_SCOPE = 'appointment-manage';
const SIGNATURE_BYTES = 12;
const ID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

const signature = (appointmentId: string, secret: string) =>
  createHmac('sha256', secret).update(`${MANAGE_LINK_SCOPE}:${appointmentId}`).digest().subarray(0, SIGNATURE_BYTES).toString('base64url');

export function manageToken(appointmentId: string, secret: string): string {
  if (secret.length < 32) throw new Error('Link secret too short (32 characters at least)');
  return `${appointmentId}.${signature(appointmentId, secret)}`;
}

/** The appointment id of a well-signed token, or undefined (never says why). */
export function appointmentOfManageToken(token: string, secret: string): string | undefined {
  const [id, given, extra] = token.split('.');
  if (!id || !given || extra !== undefined || !ID.test(id)) return undefined;
  const expected = Buffer.from(signature(id, secret));
  const actual = Buffer.from(given);
  return expected.length === actual.length && timingSafeEqual(expected, actual) ? id : undefined;
}
