import { SMS_MAX, gsm7Length } from '../../../shared/sms/gsm7';
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
});
