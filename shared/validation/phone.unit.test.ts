import { formatPhone, normalisePhone, PHONE_MESSAGE, PhoneInputSchema, telHref } from './phone';
import { toE164 } from './phone.check';

describe('phone numbers: one rule for every form', () => {
  it.each([
    ['05 65 12 34 56', '+33565123456', '05 65 12 34 56', 'tel:+33565123456'],
    ['05.65.12.34.56', '+33565123456', '05 65 12 34 56', 'tel:+33565123456'],
    ['0565123456', '+33565123456', '05 65 12 34 56', 'tel:+33565123456'],
    ['+33 5 65 12 34 56', '+33565123456', '05 65 12 34 56', 'tel:+33565123456'],
    ['0033 6 12 34 56 78', '+33612345678', '06 12 34 56 78', 'tel:+33612345678'],
    ['+33565123456', '+33565123456', '05 65 12 34 56', 'tel:+33565123456'],
    ['+32 470 12 34 56', '+32470123456', '+32470123456', 'tel:+32470123456'],
  ])('%s is stored %s, shown « %s », dialled %s', (typed, stored, shown, dialled) => {
    expect(PhoneInputSchema.parse(typed)).toBe(stored);
    expect(formatPhone(stored)).toBe(shown);
    expect(telHref(stored)).toBe(dialled);
  });

  it.each(['12 34', '00 00 00 00 00', '05 65 12 34', 'abc', '05 65 12 34 56 78 90'])('refuses %s with a French message', (typed) => {
    const result = PhoneInputSchema.safeParse(typed);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe(PHONE_MESSAGE);
  });

  // The numbering plans, not only the lengths: each of these has the right number of digits.
  it.each([
    ['06 39 12 34 56', 'a mobile prefix France does not allocate'],
    ['07 12 34 56 78', 'a 07 prefix France does not allocate'],
    ['08 70 12 34 56', 'an 08 prefix France does not allocate'],
    ['+262 269 99 12 34', 'a prefix neither Réunion nor Mayotte allocates'],
    ['+32 470 12 3', 'a Belgian number too short for any of its plan'],
    ['+32 4701 23 45 67', 'a Belgian number one digit too long'],
  ])('refuses %s (%s)', (typed) => {
    expect(PhoneInputSchema.safeParse(typed).success).toBe(false);
  });

  // Abroad, the plan's general rules only (ADR 0060): calling code, possible length, general pattern.
  it('accepts a foreign number of the right length and shape even where its plan allocates no block', () => {
    expect(PhoneInputSchema.parse('+32 440 12 34 56')).toBe('+32440123456');
    // A Belgian mobile one digit short has the length and shape of a Belgian fixed line.
    expect(PhoneInputSchema.parse('+32 470 12 34 5')).toBe('+3247012345');
  });

  it.each([
    ['0800 12 34 56', '+33800123456'],
    ['+49 30 1234567', '+49301234567'],
    ['+44 7400 123456', '+447400123456'],
  ])('accepts every kind of number of every country: %s is stored %s', (typed, stored) => {
    expect(PhoneInputSchema.parse(typed)).toBe(stored);
  });

  it('shows an overseas number in its national form', () => {
    expect(toE164('0262 21 12 34', 'RE')).toBe('+262262211234');
    expect(formatPhone('+262262211234')).toBe('0262 21 12 34');
  });

  it('is installed by importing phone.check: national numbers come out in E.164', () => {
    expect(normalisePhone('06 12 34 56 78')).toBe('+33612345678');
  });
});
