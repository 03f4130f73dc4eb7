import { normalisePhone, PhoneInputSchema } from './phone';
import { regionOf, toE164 } from './phone.check';

describe('phone numbers (the numbering plans, default region FR)', () => {
  it.each([
    ['06 12 34 56 78', '+33612345678'],
    ['06.12.34.56.78', '+33612345678'],
    ['0565380000', '+33565380000'],
    ['+33 6 12 34 56 78', '+33612345678'],
    ['0033 6 12 34 56 78', '+33612345678'],
    ['+32 470 12 34 56', '+32470123456'],
  ])('normalises %s to %s', (raw, e164) => {
    expect(toE164(raw)).toBe(e164);
    expect(PhoneInputSchema.parse(raw)).toBe(e164);
  });

  it.each(['12 34', '00 00 00 00 00', '06 12 34 56', 'abc', '06 12 34 56 78 90 12'])('refuses %s', (raw) => {
    expect(toE164(raw)).toBeUndefined();
    const result = PhoneInputSchema.safeParse(raw);
    expect(result.success).toBe(false);
    // The message never quotes what was typed.
    expect(result.error?.issues[0]?.message).toBe('Numéro de téléphone invalide (ex. 06 12 34 56 78 ou +33 6 12 34 56 78)');
  });

  it('reads national numbers in the region of an overseas département', () => {
    expect(regionOf('974')).toBe('RE');
    expect(regionOf('46')).toBe('FR');
    expect(toE164('0262 21 12 34', 'RE')).toBe('+262262211234');
    expect(toE164('0262 21 12 34', 'FR')).toBeUndefined();
  });

  it('is installed by importing phone.check (the schema then accepts national formats)', () => {
    expect(normalisePhone('06 12 34 56 78')).toBe('+33612345678');
  });
});
