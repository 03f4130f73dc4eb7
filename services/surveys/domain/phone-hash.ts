import { createHmac } from 'node:crypto';

/**
 * The key under which a phone number is matched (opt-outs, replies, the 14-day rule): an HMAC
 * of the E.164 number with a secret, so that a copy of the table does not reveal the numbers
 * (a plain hash of a 10-digit number is reversed in seconds).
 */
export function phoneHash(e164: string, secret: string): string {
  return createHmac('sha256', secret).update(normaliseE164(e164)).digest('base64url');
}

/** `+33 6 12 34 56 78`, `0033612345678`, `06 12 34 56 78` (France) → `+33612345678`; undefined if not a number. */
export function normaliseE164(raw: string): string {
  const compact = raw.replace(/[\s.\-()]/g, '');
  let e164 = compact;
  if (/^00\d+$/.test(compact)) e164 = `+${compact.slice(2)}`;
  else if (/^0\d{9}$/.test(compact)) e164 = `+33${compact.slice(1)}`;
  return e164;
}

export function isE164(value: string): boolean {
  return /^\+[1-9]\d{6,14}$/.test(value);
}
