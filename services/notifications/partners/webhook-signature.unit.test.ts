import { createHmac } from 'node:crypto';
import { computeSignature, signatureHeader, verifyWebhookSignature } from './webhook-signature';

const SECRET = 'whsec_test-secret-0123456789abcdefghijklmnopqrstuv';
const BODY = JSON.stringify({ type: 'referral.sent', occurredAt: '2025-03-03T09:00:00.000Z', data: { referralId: 'R1', status: 'sent' } });
const T = 1_741_000_000;

describe('webhook signature', () => {
  it('is HMAC-SHA256 in hex over "<t>.<body>", keyed with the secret as shown', () => {
    const expected = createHmac('sha256', SECRET).update(`${T}.${BODY}`).digest('hex');
    expect(computeSignature(SECRET, T, BODY)).toBe(expected);
    expect(signatureHeader(SECRET, BODY, T)).toBe(`t=${T},v1=${expected}`);
  });

  it('verifies a header made with the secret, on the same body, as text or raw bytes', () => {
    const header = signatureHeader(SECRET, BODY, T);
    expect(verifyWebhookSignature(header, BODY, SECRET, 300, T)).toBe(true);
    expect(verifyWebhookSignature(header, Buffer.from(BODY, 'utf8'), SECRET, 300, T + 299)).toBe(true);
    const accents = JSON.stringify({ note: 'Thématiques : santé — « urgent »' });
    expect(verifyWebhookSignature(signatureHeader(SECRET, accents, T), Buffer.from(accents), SECRET, 300, T)).toBe(true);
  });

  it('refuses a tampered body, another secret, or a re-serialised body', () => {
    const header = signatureHeader(SECRET, BODY, T);
    expect(verifyWebhookSignature(header, BODY.replace('"sent"', '"accepted"'), SECRET, 300, T)).toBe(false);
    expect(verifyWebhookSignature(header, BODY, `${SECRET}x`, 300, T)).toBe(false);
    expect(verifyWebhookSignature(header, JSON.stringify(JSON.parse(BODY), null, 2), SECRET, 300, T)).toBe(false);
  });

  it('refuses a signature outside the tolerance (a replay), either way', () => {
    const header = signatureHeader(SECRET, BODY, T);
    expect(verifyWebhookSignature(header, BODY, SECRET, 300, T + 301)).toBe(false);
    expect(verifyWebhookSignature(header, BODY, SECRET, 300, T - 301)).toBe(false);
    expect(verifyWebhookSignature(header, BODY, SECRET, 3600, T + 3000)).toBe(true);
  });

  it('refuses a timestamp changed in the header (it is part of what is signed)', () => {
    const v1 = computeSignature(SECRET, T, BODY);
    expect(verifyWebhookSignature(`t=${T + 1},v1=${v1}`, BODY, SECRET, 300, T)).toBe(false);
  });

  it.each([
    ['no header', undefined],
    ['empty', ''],
    ['no timestamp', `v1=${'a'.repeat(64)}`],
    ['no signature', `t=${T}`],
    ['a signature that is not hex', `t=${T},v1=${'z'.repeat(64)}`],
    ['a short signature', `t=${T},v1=abcd`],
    ['garbage', 'Bearer abc'],
  ])('refuses a malformed header: %s', (_name, header) => {
    expect(verifyWebhookSignature(header, BODY, SECRET, 300, T)).toBe(false);
  });

  it('accepts the header when any of several v1 signatures matches (secret rotation)', () => {
    const good = computeSignature(SECRET, T, BODY);
    const other = computeSignature('whsec_old', T, BODY);
    expect(verifyWebhookSignature(`t=${T},v1=${other},v1=${good}`, BODY, SECRET, 300, T)).toBe(true);
    expect(verifyWebhookSignature(`t=${T}, v1=${good}`, BODY, SECRET, 300, T)).toBe(true);
  });

  it('refuses everything with an empty secret', () => {
    expect(verifyWebhookSignature(signatureHeader('', BODY, T), BODY, '', 300, T)).toBe(false);
  });
});
