import { isValidSiret } from './siret';

describe('isValidSiret', () => {
  it('accepts SIRETs whose Luhn key is right', () => {
    expect(isValidSiret('73282932000074')).toBe(true);
    expect(isValidSiret('35600000049837')).toBe(true); // La Poste: digit sum multiple of 5
  });

  it('refuses a wrong key, wrong length or letters', () => {
    expect(isValidSiret('73282932000075')).toBe(false);
    expect(isValidSiret('7328293200007')).toBe(false);
    expect(isValidSiret('7328293200007A')).toBe(false);
    expect(isValidSiret('35600000000048')).toBe(false);
  });
});
