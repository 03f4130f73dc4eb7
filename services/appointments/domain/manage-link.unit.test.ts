import { SMS_MAX, gsm7Length } from '../../../shared/sms/gsm7';
import { appointmentNoticeText } from '../../notifications/notices/person-notice';
import { mondayOfWeek, shiftWeek, weekOfDate } from './iso-week';
import { appointmentOfManageToken, manageToken } from './manage-link';

const SECRET = 'a-link-secret-of-at-least-32-characters!';
const ID = '01KC0ZQ4W6Y8D9E2F3G4H5J6K7';

describe('the person’s link to cancel or move her appointment (ADR 0042)', () => {
  it('is the appointment id and a 96-bit signature, verified back; any change or another secret is refused', () => {
    const token = manageToken(ID, SECRET);
    expect(token).toMatch(new RegExp(`^${ID}\\.[\\w-]{16}$`));
    expect(appointmentOfManageToken(token, SECRET)).toBe(ID);
    expect(appointmentOfManageToken(token, `${SECRET}x`)).toBeUndefined();
    expect(appointmentOfManageToken(`${ID.slice(0, -1)}8.${token.split('.')[1]}`, SECRET)).toBeUndefined();
    expect(appointmentOfManageToken(`${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`, SECRET)).toBeUndefined();
    expect(appointmentOfManageToken(`${token}.x`, SECRET)).toBeUndefined();
    expect(appointmentOfManageToken('not-a-token', SECRET)).toBeUndefined();
  });

  it('keeps the appointment SMS within one GSM-7 SMS with the link on an ordinary address', () => {
    const { text } = appointmentNoticeText({
      kind: 'appointment.reminder',
      start: '2026-12-08T09:30:00+01:00',
      siteName: 'CAF du Lot — accueil de Cahors',
      channel: 'site',
      manageLink: `https://relais.lot.fr/#/rdv/${manageToken(ID, SECRET)}`,
    });
    expect(gsm7Length(text)).toBeLessThanOrEqual(SMS_MAX);
    expect(text.endsWith(manageToken(ID, SECRET))).toBe(true);
  });
});

describe('ISO weeks (the agenda’s ?week=)', () => {
  it('gives the Monday of a week, across years, and refuses weeks a year does not have', () => {
    expect(mondayOfWeek('2026-W50')).toBe('2026-12-07');
    expect(mondayOfWeek('2026-W01')).toBe('2025-12-29');
    expect(mondayOfWeek('2026-W53')).toBe('2026-12-28');
    expect(mondayOfWeek('2025-W53')).toBeUndefined();
    expect(mondayOfWeek('2026-W00')).toBeUndefined();
    expect(mondayOfWeek('2026-50')).toBeUndefined();
    expect(weekOfDate('2026-12-07')).toBe('2026-W50');
    expect(weekOfDate('2027-01-03')).toBe('2026-W53');
    expect(weekOfDate('2027-01-04')).toBe('2027-W01');
    expect(shiftWeek('2026-W53', 1)).toBe('2027-W01');
    expect(shiftWeek('2027-W01', -1)).toBe('2026-W53');
  });
});
