import { ValidationError } from '../errors/errors';
import { cursorKeyFrom, queryPage, signCursor, verifyCursor } from './paging';

const key = cursorKeyFrom('un-secret-de-test-assez-long-pour-signer-0123');
const otherKey = cursorKeyFrom('le-secret-d-une-autre-plateforme-0123456789');
const start = { pk: 'SITE#01KDVDNB00C3F4BN20KBCFBCVY', sk: 'SITE', gsi1pk: 'SITES', gsi1sk: 'figeac' };

function refusal(run: () => unknown): ValidationError {
  try {
    run();
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('the cursor was accepted');
}

describe('signed pagination cursors', () => {
  it('gives back the key a cursor was made from', () => {
    expect(verifyCursor(signCursor(start, key), key)).toEqual(start);
  });

  it.each([
    ['tampered', (c: string) => `${Buffer.from(JSON.stringify({ ...start, gsi1pk: 'PERSONS' })).toString('base64url')}.${c.split('.')[1]}`],
    ['truncated', (c: string) => c.slice(0, -3)],
    ['without its signature', (c: string) => c.split('.')[0]!],
    ['unsigned base64 JSON (the old format)', () => Buffer.from(JSON.stringify(start)).toString('base64url')],
    ['with an extra part', (c: string) => `${c}.x`],
    ['garbage', () => '%%%'],
  ])('refuses a cursor %s with 400 on query.cursor, in French', (_name, change) => {
    const error = refusal(() => verifyCursor(change(signCursor(start, key)), key));
    expect(error.status).toBe(400);
    expect(error.errors).toEqual([{ path: 'query.cursor', message: expect.stringMatching(/^Curseur de pagination invalide/) }]);
  });

  it('refuses a cursor signed with another key (another platform or a rotated secret)', () => {
    expect(refusal(() => verifyCursor(signCursor(start, otherKey), key)).status).toBe(400);
  });

  it('refuses, before any query, a signed cursor of another list (foreign partition)', async () => {
    process.env.RELAIS_LINK_SECRET ??= 'un-secret-de-test-assez-long-pour-signer-0123';
    const foreign = signCursor({ ...start, gsi1pk: 'ORGS' }, cursorKeyFrom(process.env.RELAIS_LINK_SECRET));
    await expect(
      queryPage({ TableName: 'nowhere' }, { name: 'gsi1pk', value: 'SITES' }, 10, foreign, (item) => item),
    ).rejects.toBeInstanceOf(ValidationError);
  });
});
