/**
 * The directory census kept by the indicators service: one projection item per site or
 * organisation (ids and non-identifying facts only) and a counter of each kind. A counter
 * moves only when a projection is created, so a replayed event cannot count twice, and an
 * older version never overwrites a newer one.
 */
export interface UpdateWrite {
  Key: Record<string, string>;
  UpdateExpression: string;
  ConditionExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: Record<string, unknown>;
}

export const projectionKey = (kind: 'site' | 'organisation', id: string) => ({ pk: `${kind.toUpperCase()}#${id}`, sk: 'PROJECTION' });

export const CENSUS_KEY = { pk: 'CENSUS', sk: 'DIRECTORY' };

export function censusWrites(
  kind: 'site' | 'organisation',
  id: string,
  change: 'created' | 'updated',
  version: number,
  facts: Record<string, unknown>,
  /** Version of the stored projection, if any. */
  storedVersion: number | undefined,
): UpdateWrite[] {
  if (storedVersion !== undefined && storedVersion >= version) return [];
  const names: Record<string, string> = { '#version': 'version' };
  const values: Record<string, unknown> = { ':version': version };
  const sets = ['#version = :version'];
  Object.entries(facts).forEach(([key, value], i) => {
    names[`#f${i}`] = key;
    values[`:f${i}`] = value;
    sets.push(`#f${i} = :f${i}`);
  });
  const projection: UpdateWrite = {
    Key: projectionKey(kind, id),
    UpdateExpression: `SET ${sets.join(', ')}`,
    ConditionExpression: 'attribute_not_exists(#version) OR #version < :version',
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  };
  // A replayed `created` finds its projection: it must not count again.
  if (change !== 'created' || storedVersion !== undefined) return [projection];
  return [
    projection,
    {
      Key: CENSUS_KEY,
      UpdateExpression: 'ADD #count :one',
      ExpressionAttributeNames: { '#count': kind === 'site' ? 'sites' : 'organisations' },
      ExpressionAttributeValues: { ':one': 1 },
    },
  ];
}
