import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Webhook signatures (SECURITY.md): `X-Relais-Signature: t=<unix seconds>,v1=<hex>` where the
 * hex is HMAC-SHA256, keyed with the organisation's secret exactly as shown when it was created
 * (`whsec_` prefix included), over `<t>.<raw body>`. The timestamp inside the signed text lets
 * the receiver refuse a replayed request; each retry is signed anew with its own timestamp.
 */
export const SIGNATURE_HEADER = 'X-Relais-Signature';
export const EVENT_ID_HEADER = 'X-Relais-Event-Id';

export function computeSignature(secret: string, timestamp: number, body: string | Buffer): string {
  return createHmac('sha256', secret).update(`${timestamp}.`, 'utf8').update(body).digest('hex');
}

export function signatureHeader(secret: string, body: string, timestamp: number): string {
  return `t=${timestamp},v1=${computeSignature(secret, timestamp, body)}`;
}

/**
 * The reference check a partner can copy: true only if the header carries a `v1` signature of
 * this exact body with this secret, made less than `toleranceSeconds` ago (or ahead, for clock
 * drift). Verify the raw body as received, before parsing it: re-serialised JSON differs.
 * Several `v1` entries are accepted (any may match), for a future rotation with two secrets.
 */
export function verifyWebhookSignature(
  header: string | undefined | null,
  body: string | Buffer,
  secret: string,
  toleranceSeconds = 300,
  nowSeconds = Math.floor(Date.now() / 1000),
): boolean {
  if (!header || !secret) return false;
  let timestamp: number | undefined;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const [key, value, extra] = part.trim().split('=');
    if (!key || value === undefined || extra !== undefined) continue;
    if (key === 't' && /^\d{1,12}$/.test(value)) timestamp = Number(value);
    else if (key === 'v1' && /^[0-9a-f]{64}$/.test(value)) signatures.push(value);
  }
  if (timestamp === undefined || signatures.length === 0) return false;
  if (Math.abs(nowSeconds - timestamp) > toleranceSeconds) return false;
  const expected = Buffer.from(computeSignature(secret, timestamp, body), 'hex');
  return signatures.some((s) => timingSafeEqual(expected, Buffer.from(s, 'hex')));
}
