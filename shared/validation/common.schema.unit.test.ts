import * as z from 'zod';
import { zodIssuesToFieldErrors } from '../http/route-handler';
import { DATE_RANGE_MESSAGE, IsoDateOrDateTimeSchema, IsoDateSchema, IsoDateTimeSchema } from './common.schema';

const errorsOf = (schema: z.ZodType, value: unknown) => {
  const result = z.strictObject({ date: schema }).safeParse({ date: value });
  return result.success ? [] : zodIssuesToFieldErrors('body', result.error);
};

describe('dates between 1900 and 9999', () => {
  it.each(['1900-01-01', '2026-12-06', '2024-02-29', '9999-12-31'])('accepts the date %s', (date) => {
    expect(IsoDateSchema.safeParse(date).success).toBe(true);
  });

  it.each(['1899-12-31', '0001-01-01', '0000-01-01', '10000-01-01', '+010000-01-01', '-000001-01-01', '99999-12-31'])(
    'refuses the date %s with one French message saying the range',
    (date) => {
      expect(errorsOf(IsoDateSchema, date)).toEqual([{ path: 'body.date', message: DATE_RANGE_MESSAGE }]);
    },
  );

  it('keeps the format message for what is not a date', () => {
    expect(errorsOf(IsoDateSchema, '2026-02-30')).toEqual([{ path: 'body.date', message: 'Date attendue au format AAAA-MM-JJ' }]);
    expect(errorsOf(IsoDateSchema, 'demain')).toHaveLength(1);
  });

  it.each(['1900-01-01T00:00:00Z', '2026-11-24T10:30:00+01:00', '9999-12-31T23:59:59Z', '9999-12-31T22:00:00-01:00'])(
    'accepts the instant %s',
    (instant) => {
      expect(IsoDateTimeSchema.safeParse(instant).success).toBe(true);
    },
  );

  it.each([
    '1899-12-31T23:59:59Z',
    '0001-01-01T00:00:00Z',
    '10000-01-01T00:00:00Z',
    '+010000-01-01T00:00:00Z',
    '9999-12-31T23:30:00-05:00', // the year 10000 in UTC
  ])('refuses the instant %s with the range message', (instant) => {
    expect(errorsOf(IsoDateTimeSchema, instant)).toEqual([{ path: 'body.date', message: DATE_RANGE_MESSAGE }]);
  });

  it('says the range, in French, for a period bound that is a date or an instant', () => {
    expect(IsoDateOrDateTimeSchema.safeParse('2026-01-01').success).toBe(true);
    expect(IsoDateOrDateTimeSchema.safeParse('2026-01-01T08:00:00Z').success).toBe(true);
    expect(errorsOf(IsoDateOrDateTimeSchema, '10000-01-01')).toEqual([{ path: 'body.date', message: DATE_RANGE_MESSAGE }]);
    expect(errorsOf(IsoDateOrDateTimeSchema, '1850-06-01')).toEqual([{ path: 'body.date', message: DATE_RANGE_MESSAGE }]);
    const [garbage] = errorsOf(IsoDateOrDateTimeSchema, 'hier');
    expect(garbage?.message).toMatch(/AAAA-MM-JJ/);
    expect(garbage?.message).not.toMatch(/Invalid/);
  });
});
