import { slotLabel, slotText } from '../../web/src/appointments/slot-label';

describe('a slot in words (the referral form’s slot picker)', () => {
  it('says the Paris day and time the French way, winter and summer', () => {
    expect(slotLabel('2026-12-15T09:30:00+01:00')).toBe('mardi 15 décembre à 9 h 30');
    expect(slotLabel('2026-12-15T08:30:00Z')).toBe('mardi 15 décembre à 9 h 30');
    expect(slotLabel('2027-06-01T14:00:00+02:00')).toBe('mardi 1er juin à 14 h');
  });

  it('names the channel when the slot is not on site', () => {
    expect(slotText({ start: '2026-12-15T09:30:00+01:00', channel: 'phone' })).toBe('mardi 15 décembre à 9 h 30 (par téléphone)');
    expect(slotText({ start: '2026-12-15T09:30:00+01:00', channel: 'site' })).toBe('mardi 15 décembre à 9 h 30');
  });
});
