import { createHmac, timingSafeEqual } from 'node:crypto';
import * as z from 'zod';

/**
 * Signed links: a token that grants one narrow right (e.g. a partner without an account
 * answering one referral) until it expires. `<payload>.<signature>`, both base64url; the
 * signature is HMAC-SHA256 over the payload with a secret of the platform. Any change to the
 * payload or the signature, or an expired token, is refused.
 */
const LinkPayloadSchema = z.object({
  /** What the link is for, e.g. `referral`. */
  scope: z.string().min(1),
  /** The one record it opens. */
  subject: z.string().min(1),
  /** Who it was given to (e.g. the receiving organisation). */
  audience: z.string().min(1),
  /** Expiry, epoch seconds. */
  exp: z.number().int(),
});
export type LinkPayload = z.infer<typeof LinkPayloadSchema>;

const sign = (payload: string, secret: string) => createHmac('sha256', secret).update(payload).digest('base64url');

export function signLink(payload: LinkPayload, secret: string): string {
  if (secret.length < 32) throw new Error('Link secret too short (32 characters at least)');
  const body = Buffer.from(JSON.stringify(LinkPayloadSchema.parse(payload)), 'utf8').toString('base64url');
  return `${body}.${sign(body, secret)}`;
}

/** The payload of a valid, unexpired token of `scope`, or undefined (never says why: no oracle). */
export function verifyLink(token: string, scope: string, secret: string, now = new Date()): LinkPayload | undefined {
  const [body, signature, extra] = token.split('.');
  if (!body || !signature || extra !== undefined) return undefined;
  const expected = Buffer.from(sign(body, secret));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
  try {
    const payload = LinkPayloadSchema.parse(JSON.parse(Buffer.from(body, 'base64url').toString('utf8')));
    if (payload.scope !== scope || payload.exp * 1000 <= now.getTime()) return undefined;
    return payload;
  } catch {
    return undefined;
  }
}
