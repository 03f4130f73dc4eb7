import { SMS_MAX, gsm7Length, smsSegments } from '../../../shared/sms/gsm7';
import { appointmentNoticeText } from './person-notice';

describe('the person’s appointment message', () => {
  it('says when and where in one GSM-7 SMS, with the link to cancel or move it', () => {
    const { text } = appointmentNoticeText({
      kind: 'appointment.reminder',
      start: '2026-12-08T09:30:00+01:00',
      siteName: 'CAF du Lot — accueil de Cahors',
      channel: 'site',
      manageLink: 'https://relais.lot.fr/rdv/AbCdEfGhIjKlMnOp',
    });
    expect(text).toBe(
      'Relais : rappel, rendez-vous le mar. 8/12 à 9h30, CAF du Lot - accueil de Cahors. Annuler ou déplacer : https://relais.lot.fr/rdv/AbCdEfGhIjKlMnOp',
    );
    expect(gsm7Length(text)).toBeLessThanOrEqual(SMS_MAX);
  });

  it('shortens a long place name, never the time or the link, to stay within one SMS', () => {
    const { text, subject } = appointmentNoticeText({
      kind: 'appointment.booked',
      start: '2026-07-14T14:05:00+02:00',
      siteName: 'Maison départementale des solidarités du Grand Figeac, antenne de Lacapelle-Marival, bureau 3',
      channel: 'phone',
      manageLink: 'https://relais.lot.fr/rdv/AbCdEfGhIjKlMnOp',
    });
    expect(subject).toBe('Relais : votre rendez-vous');
    expect(gsm7Length(text)).toBeLessThanOrEqual(SMS_MAX);
    expect(text).toContain('mar. 14/7 à 14h05 (par téléphone), Maison');
    expect(text).toMatch(/, Maison[^.]*\.\.\.\. Annuler/);
    expect(text.endsWith('https://relais.lot.fr/rdv/AbCdEfGhIjKlMnOp')).toBe(true);
  });

  // The message that spun the notifications consumer forever (issue 17's hang, seen paused in the
  // debugger): the name stuck at 12 characters and « … », one septet too long, never shorter.
  it('fits the reminder that could not be shortened: the name loses whole words until it fits', () => {
    const link = 'http://localhost:40791/#/rdv/01M97SQPW00TA2XJZW1PC653R9.jU4IU07v36yyMHf4';
    const { text } = appointmentNoticeText({
      kind: 'appointment.reminder',
      start: '2026-12-20T13:00:00+01:00',
      siteName: 'CAF du Lot – accueil de Cahors',
      channel: 'site',
      manageLink: link,
    });
    expect(text).toBe(`Relais : rappel, rendez-vous le dim. 20/12 à 13h, CAF du Lot.... Annuler ou déplacer : ${link}`);
    expect(gsm7Length(text)).toBeLessThanOrEqual(SMS_MAX);
  });

  it('takes two SMS when even the first word of the name does not fit, the time and the link whole', () => {
    const link = `https://relais.example.fr/#/rdv/${'A'.repeat(26)}.${'b'.repeat(16)}`;
    const { text } = appointmentNoticeText({
      kind: 'appointment.reminder',
      start: '2026-12-30T16:30:00+01:00',
      siteName: 'Maison-départementale-des-solidarités-du-Grand-Figeac antenne',
      channel: 'phone',
      manageLink: link,
    });
    expect(text).toBe(
      `Relais : rappel, rendez-vous le mer. 30/12 à 16h30 (par téléphone), Maison-départementale-des-solidarités-du-Grand-Figeac.... Annuler ou déplacer : ${link}`,
    );
    expect(smsSegments(gsm7Length(text))).toBe(2);
  });

  it('ends, in one SMS or two, whatever the day, channel, kind and name, never cutting the time or the link', () => {
    const names = ['', 'CAF', 'CAF du Lot – accueil de Cahors', 'Maison départementale des solidarités du Grand Figeac, bureau 3', '– – –'];
    const link = 'http://localhost:40791/#/rdv/01M97SQPW00TA2XJZW1PC653R9.jU4IU07v36yyMHf4';
    // Days of one and two digits, months of one and two, winter and summer time.
    for (const start of ['2026-01-05T12:30:00Z', '2026-06-28T12:30:00Z', '2026-10-31T12:30:00Z', '2026-12-20T12:30:00Z']) {
      for (const channel of ['site', 'phone', 'video'] as const) {
        for (const kind of ['appointment.booked', 'appointment.reminder'] as const) {
          for (const siteName of names) {
            const { text } = appointmentNoticeText({ kind, start, siteName, channel, manageLink: link });
            expect(text.endsWith(` Annuler ou déplacer : ${link}`)).toBe(true);
            expect(text).toMatch(/ à 1[34]h30/);
            // At the place itself, the name shortened to its first words always leaves one SMS.
            expect(smsSegments(gsm7Length(text))).toBeLessThanOrEqual(channel === 'site' ? 1 : 2);
          }
        }
      }
    }
  });
});
