import { signLink, verifyLink } from './signed-link';

const secret = 'a-test-secret-that-is-long-enough-0123456789';
const now = new Date('2026-11-24T10:00:00Z');
const payload = { scope: 'referral', subject: '01KDVDNA005Z9W8WQ2721G6GSM', audience: 'org-1', exp: now.getTime() / 1000 + 3600 };

describe('signed links', () => {
  it('verifies a token it signed, for its scope, before it expires', () => {
    expect(verifyLink(signLink(payload, secret), 'referral', secret, now)).toEqual(payload);
  });

  it('refuses a tampered payload, a tampered signature, another secret, another scope, an expired token', () => {
    const token = signLink(payload, secret);
    const [body, signature] = token.split('.') as [string, string];
    const forged = Buffer.from(JSON.stringify({ ...payload, subject: 'another' })).toString('base64url');
    expect(verifyLink(`${forged}.${signature}`, 'referral', secret, now)).toBeUndefined();
    expect(verifyLink(`${body}.${signature.slice(0, -2)}AA`, 'referral', secret, now)).toBeUndefined();
    expect(verifyLink(token, 'referral', `${secret}x`, now)).toBeUndefined();
    expect(verifyLink(token, 'parcours', secret, now)).toBeUndefined();
    expect(verifyLink(token, 'referral', secret, new Date(now.getTime() + 3_601_000))).toBeUndefined();
    expect(verifyLink('garbage', 'referral', secret, now)).toBeUndefined();
    expect(verifyLink(`${token}.x`, 'referral', secret, now)).toBeUndefined();
  });

  it('refuses to sign with a short secret', () => {
    expect(() => signLink(payload, 'short')).toThrow(/too short/);
  });
});
