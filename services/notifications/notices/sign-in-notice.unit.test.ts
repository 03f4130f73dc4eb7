import { SMS_MAX, SMS_PART, gsm7Length, toGsm7 } from '../../../shared/sms/gsm7';
import { signLink } from '../../../shared/auth/signed-link';
import { INVITATION_SCOPE } from '../../intake/domain/sign-in.schema';
import { invitationNoticeText, signInCodeNoticeText } from './person-notice';

describe('« Mon espace » notices (ADR 0036)', () => {
  it('gives the code first, how long it lasts and never to give it, in one GSM-7 SMS', () => {
    const { text, subject } = signInCodeNoticeText({ code: '042917', minutes: 10 });
    expect(text).toBe('042917 est votre code Relais pour Mon espace. Il est valable 10 minutes. Ne le donnez à personne.');
    expect(toGsm7(text)).toBe(text);
    expect(gsm7Length(text)).toBeLessThanOrEqual(SMS_MAX);
    expect(subject).not.toContain('042917');
  });

  it('gives the invitation link whole, with its last day (Paris), in at most two SMS', () => {
    // A real token: her id, a 12-byte nonce, the expiry (services/intake/use-cases/sign-in.use-cases.ts).
    const token = signLink(
      { scope: INVITATION_SCOPE, subject: '01KDVD6Q8Z3N4M5P6R7S8T9V0W', audience: 'x'.repeat(16), exp: 1_796_000_000 },
      's'.repeat(32),
    );
    const link = `https://relais.departement-du-lot.fr/mon-espace#/invitation/${token}`;
    const { text } = invitationNoticeText({ link, expiresAt: '2026-12-09T22:30:00.000Z' });
    expect(text).toContain(link);
    expect(text).toContain('avant le 09/12');
    expect(gsm7Length(text)).toBeLessThanOrEqual(2 * SMS_PART);
  });
});
