import { verifyLink } from '../../../shared/auth/signed-link';
import { answerLink } from './answer-link';

const SECRET = 'a-link-secret-of-at-least-32-characters-long';
const NOW = new Date('2025-03-03T09:00:00.000Z');

describe('answerLink', () => {
  const { url: link, validUntil } = answerLink({
    appUrl: 'https://relais.lot.fr/',
    referralId: 'R1',
    organisationId: 'CAF',
    now: NOW,
    secret: SECRET,
  });
  const token = link.split('/#/orientation/')[1] ?? '';
  const tokenOf = (url: string) => url.split('/#/orientation/')[1] ?? '';

  it('opens the SPA’s answer page with a token scoped to the referral and the receiving organisation, for 60 days', () => {
    expect(link.startsWith('https://relais.lot.fr/#/orientation/')).toBe(true);
    expect(verifyLink(token, 'referral', SECRET, NOW)).toEqual({
      scope: 'referral',
      subject: 'R1',
      audience: 'CAF',
      exp: NOW.getTime() / 1000 + 60 * 24 * 3600,
    });
    expect(verifyLink(token, 'referral', SECRET, new Date(NOW.getTime() + 60 * 24 * 3600 * 1000 - 1000))).toBeDefined();
    expect(validUntil).toEqual(new Date('2025-05-02T09:00:00.000Z'));
  });

  it('is never valid beyond the end intake gives it', () => {
    const reminder = answerLink({
      appUrl: 'http://localhost:3000',
      referralId: 'R1',
      organisationId: 'CAF',
      now: NOW,
      referralExpiresAt: '2025-03-07T09:00:00.000Z',
      secret: SECRET,
    });
    expect(reminder.validUntil).toEqual(new Date('2025-03-07T09:00:00.000Z'));
    expect(verifyLink(tokenOf(reminder.url), 'referral', SECRET, new Date('2025-03-07T08:59:59.000Z'))).toBeDefined();
    expect(verifyLink(tokenOf(reminder.url), 'referral', SECRET, new Date('2025-03-07T09:00:00.000Z'))).toBeUndefined();
  });

  it('keeps its 60 days when the referral’s expiry is later, past or unreadable', () => {
    for (const referralExpiresAt of ['2025-06-30T00:00:00.000Z', '2025-03-01T00:00:00.000Z', 'bientôt']) {
      const { validUntil: until } = answerLink({
        appUrl: 'http://localhost:3000',
        referralId: 'R1',
        organisationId: 'CAF',
        now: NOW,
        referralExpiresAt,
        secret: SECRET,
      });
      expect(until).toEqual(new Date('2025-05-02T09:00:00.000Z'));
    }
  });

  it('is refused once expired, tampered with, or checked with another secret', () => {
    expect(verifyLink(token, 'referral', SECRET, new Date(NOW.getTime() + 60 * 24 * 3600 * 1000))).toBeUndefined();
    expect(verifyLink(`${token.slice(0, 10)}x${token.slice(11)}`, 'referral', SECRET, NOW)).toBeUndefined();
    expect(verifyLink(token, 'referral', `${SECRET}!`, NOW)).toBeUndefined();
  });
});
