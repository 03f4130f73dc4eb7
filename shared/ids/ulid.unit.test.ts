import { ulid, ulidTime } from './ulid';

describe('ulid', () => {
  it('encodes the time as the spec does (its README example)', () => {
    expect(ulid(1469918176385).slice(0, 10)).toBe('01ARYZ6S41');
    expect(ulidTime('01ARYZ6S41TSV4RRFFQ69G5FAV')).toBe(1469918176385);
  });

  it('is 26 characters of Crockford base 32, the first at most 7', () => {
    for (let i = 0; i < 200; i++) expect(ulid()).toMatch(/^[0-7][0-9A-HJKMNP-TV-Z]{25}$/);
    expect(ulid(0)).toMatch(/^0{10}/);
    expect(ulid(2 ** 48 - 1)).toMatch(/^7ZZZZZZZZZ/);
  });

  it('sorts by time, and the random part differs', () => {
    const times = [0, 1, 31, 32, 1_000_000, 2 ** 40, Date.now(), 2 ** 48 - 1];
    const ids = times.map((t) => ulid(t));
    expect([...ids].sort()).toEqual(ids);
    for (const [i, t] of times.entries()) expect(ulidTime(ids[i] as string)).toBe(t);
    expect(new Set(Array.from({ length: 1000 }, () => ulid(5).slice(10))).size).toBe(1000);
  });

  it('uses every character of the alphabet in the random part', () => {
    const seen = new Set(Array.from({ length: 500 }, () => ulid().slice(10)).join(''));
    expect(seen.size).toBe(32);
  });

  it('refuses a time outside 48 bits', () => {
    expect(() => ulid(-1)).toThrow(RangeError);
    expect(() => ulid(2 ** 48)).toThrow(RangeError);
    expect(() => ulid(1.5)).toThrow(RangeError);
  });
});
