import { gsm7Length, smsSegments } from '../../../shared/sms/gsm7';
import { REVIEW_SMS_MAX, type DirectoryReviewFacts, directoryReviewNotice, reviewLink } from './directory-review';

const SECRET = 's'.repeat(32);
const FACTS: DirectoryReviewFacts = {
  eventId: 'E1',
  reviewId: '01KDVD0000000000000000000A',
  organisationId: '01KDVD0000000000000000000B',
  expiresAt: '2027-01-06T09:00:00.000Z',
  reminder: 0,
  sites: 2,
  services: 1,
};
const link = reviewLink('https://relais.lot.fr', FACTS, SECRET);
const MESSAGE = 'Avant l’été, merci de vérifier vos horaires d’accueil et le numéro de la permanence.';
const campaign = (over: Partial<DirectoryReviewFacts> = {}) =>
  directoryReviewNotice({ ...FACTS, campaignId: '01KDVD0000000000000000000C', message: MESSAGE, ...over }, link);

/** The SMS rule of the review notice: GSM-7 only, at most three parts, the signed link whole at its end. */
function expectSmsRule(sms: string) {
  expect(Number.isFinite(gsm7Length(sms))).toBe(true);
  expect(gsm7Length(sms)).toBeLessThanOrEqual(REVIEW_SMS_MAX);
  expect(smsSegments(gsm7Length(sms))).toBeLessThanOrEqual(3);
  expect(sms.endsWith(link)).toBe(true);
}

describe('the review notice to a partner', () => {
  it('of the daily job: the link and its date, no coordinator’s words, the same on each reminder but the subject', () => {
    for (const reminder of [0, 7, 21]) {
      const notice = directoryReviewNotice({ ...FACTS, reminder }, link);
      expect(notice.text).toContain(link);
      expect(notice.text).toContain('2 lieux et 1 service');
      expect(notice.text).toContain('06/01/2027');
      expect(notice.text).not.toContain('coordination');
      expect(notice.sms).not.toContain('coordination');
      expect(notice.subject).toBe(
        reminder ? 'Relais : rappel, vos fiches de l’annuaire à vérifier' : 'Relais : vos fiches de l’annuaire à vérifier',
      );
      expectSmsRule(notice.sms!);
    }
  });

  it('of a campaign: the first message and both reminders hold the coordinator’s words, marked as theirs', () => {
    for (const reminder of [0, 7, 21]) {
      const notice = campaign({ reminder });
      expect(notice.text.startsWith('Message de la coordination du réseau (campagne de mise à jour de l’annuaire) :\n« ')).toBe(true);
      expect(notice.text).toContain(`« ${MESSAGE} »`);
      expect(notice.text).toContain(link);
      expect(notice.payload).toMatchObject({ kind: 'directory.review', message: MESSAGE, reminder, text: notice.text, sms: notice.sms });
      // The SMS quotes them in GSM-7 (’ → ', accents GSM-7 lacks dropped).
      expect(notice.sms).toContain('message de la coordination du réseau, "Avant l\'été, merci de vérifier vos horaires');
      expect(notice.sms!.startsWith(reminder ? 'Relais, rappel : ' : 'Relais : ')).toBe(true);
      expectSmsRule(notice.sms!);
    }
  });

  it('clips a long message in the SMS (whole in the e-mail), and says only that the coordination wrote when too little room is left', () => {
    const long = `${'Merci de relire chaque horaire, chaque téléphone et chaque service. '.repeat(7)}Fin.`.slice(0, 500);
    const clipped = campaign({ message: long, reminder: 7 });
    expect(clipped.text).toContain(long);
    expect(clipped.sms).toMatch(/"Merci de relire chaque horaire[^"]*\.\.\."\. Vos fiches/);
    expectSmsRule(clipped.sms!);

    const longLink = `https://${'annuaire.'.repeat(20)}fr/#/verification/${link.split('#/verification/')[1]}`;
    const tight = directoryReviewNotice({ ...FACTS, message: long }, longLink);
    expect(tight.sms).toContain('la coordination du réseau vous écrit (son message est sur la page du lien)');
    expect(tight.sms).not.toContain('Merci de relire');
    expect(Number.isFinite(gsm7Length(tight.sms!))).toBe(true);
    expect(tight.text).toContain(long);
  });
});
