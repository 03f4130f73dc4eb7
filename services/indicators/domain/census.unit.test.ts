import { CENSUS_KEY, censusWrites } from './census';

describe('directory census writes', () => {
  it('creates the projection and counts a new site once', () => {
    const writes = censusWrites('site', 'S1', 'created', 1, { unconditional: true }, undefined);
    expect(writes).toHaveLength(2);
    expect(writes[0]?.Key).toEqual({ pk: 'SITE#S1', sk: 'PROJECTION' });
    expect(writes[1]).toMatchObject({
      Key: CENSUS_KEY,
      UpdateExpression: 'ADD #count :one',
      ExpressionAttributeNames: { '#count': 'sites' },
    });
  });

  it('does not count again a created event whose projection exists (replay)', () => {
    expect(censusWrites('site', 'S1', 'created', 2, {}, 1)).toHaveLength(1);
  });

  it('ignores an event older than the stored projection', () => {
    expect(censusWrites('organisation', 'O1', 'updated', 2, {}, 3)).toEqual([]);
    expect(censusWrites('organisation', 'O1', 'updated', 3, {}, 3)).toEqual([]);
  });

  it('updates facts without counting for a newer update', () => {
    const writes = censusWrites('organisation', 'O1', 'updated', 4, { networkMember: false }, 3);
    expect(writes).toHaveLength(1);
    expect(writes[0]?.ExpressionAttributeValues).toMatchObject({ ':version': 4, ':f0': false });
  });
});
