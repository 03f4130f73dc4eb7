import { PROOF_SECONDS, signProof, verifyProof } from './proof';
import { createAuthChallenge, defineAuthChallenge, verifyAuthChallenge } from './triggers';

const SECRET = 'a-secret-of-the-stateful-stack-0123456789';
const NOW = new Date('2026-12-07T10:00:00.000Z');
const later = (seconds: number) => new Date(NOW.getTime() + seconds * 1000);

describe('the proof intake answers the persons’ pool with (ADR 0040)', () => {
  const proof = signProof(SECRET, 'P-123', NOW);

  it('is accepted for that username, with that secret, before it expires', () => {
    expect(verifyProof(SECRET, 'P-123', proof, NOW)).toBe(true);
    expect(verifyProof(SECRET, 'P-123', proof, later(PROOF_SECONDS))).toBe(true);
    expect(verifyAuthChallenge(SECRET, 'P-123', proof, later(1))).toBe(true);
  });

  it('is refused once expired', () => {
    expect(verifyProof(SECRET, 'P-123', proof, later(PROOF_SECONDS + 1))).toBe(false);
  });

  it('is refused for another person', () => {
    expect(verifyProof(SECRET, 'P-124', proof, NOW)).toBe(false);
    expect(verifyAuthChallenge(SECRET, 'P-12', proof, NOW)).toBe(false);
  });

  it('is refused with another secret', () => {
    expect(verifyProof(`${SECRET}x`, 'P-123', proof, NOW)).toBe(false);
    expect(verifyProof('', 'P-123', proof, NOW)).toBe(false);
  });

  it('is refused when tampered with: expiry pushed back, a character of the MAC changed, garbage', () => {
    const [expiry, mac] = proof.split('.') as [string, string];
    expect(verifyProof(SECRET, 'P-123', `${Number(expiry) + 30}.${mac}`, NOW)).toBe(false);
    const flipped = `${mac.slice(0, 10)}${mac[10] === 'A' ? 'B' : 'A'}${mac.slice(11)}`;
    expect(verifyProof(SECRET, 'P-123', `${expiry}.${flipped}`, NOW)).toBe(false);
    for (const bad of ['', 'x', `${expiry}.`, `.${mac}`, `${expiry}.${mac}=`, 123, undefined, null, { proof }]) {
      expect(verifyProof(SECRET, 'P-123', bad, NOW)).toBe(false);
    }
  });

  it('is refused when made to expire far ahead (not made by intake), even with the right MAC', () => {
    const farFuture = signProof(SECRET, 'P-123', later(3600));
    expect(verifyProof(SECRET, 'P-123', farFuture, NOW)).toBe(false);
  });

  it('needs a secret and a username to be made', () => {
    expect(() => signProof('', 'P-123', NOW)).toThrow();
    expect(() => signProof(SECRET, '', NOW)).toThrow();
  });
});

describe('the persons’ pool’s custom flow: one challenge, then tokens only if answered right', () => {
  it('asks one custom challenge first', () => {
    expect(defineAuthChallenge([])).toEqual({ challengeName: 'CUSTOM_CHALLENGE', issueTokens: false, failAuthentication: false });
  });

  it('issues tokens after the one challenge answered right', () => {
    expect(defineAuthChallenge([{ challengeName: 'CUSTOM_CHALLENGE', challengeResult: true }])).toEqual({
      issueTokens: true,
      failAuthentication: false,
    });
  });

  it('fails on a wrong answer, a second round, another challenge, or an unknown user', () => {
    const fail = { issueTokens: false, failAuthentication: true };
    expect(defineAuthChallenge([{ challengeName: 'CUSTOM_CHALLENGE', challengeResult: false }])).toEqual(fail);
    expect(
      defineAuthChallenge([
        { challengeName: 'CUSTOM_CHALLENGE', challengeResult: false },
        { challengeName: 'CUSTOM_CHALLENGE', challengeResult: true },
      ]),
    ).toEqual(fail);
    expect(defineAuthChallenge([{ challengeName: 'PASSWORD_VERIFIER', challengeResult: true }])).toEqual(fail);
    expect(defineAuthChallenge([], true)).toEqual(fail);
  });

  it('creates the custom challenge with nothing secret nor personal in it', () => {
    expect(createAuthChallenge('CUSTOM_CHALLENGE')).toEqual({
      publicChallengeParameters: { expects: 'relais-proof' },
      privateChallengeParameters: {},
      challengeMetadata: 'RELAIS_PROOF',
    });
    expect(() => createAuthChallenge('SMS_MFA')).toThrow();
  });
});
