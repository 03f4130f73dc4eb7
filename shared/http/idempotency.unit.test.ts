import { idempotencyRequestHash } from './route-handler';

describe('idempotencyRequestHash', () => {
  const hash = (path: Record<string, string> | undefined, query: Record<string, string> | undefined, body?: string) =>
    idempotencyRequestHash({ pathParameters: path, queryStringParameters: query }, body);

  it('binds the key to the resource, the query and the body', () => {
    const base = hash({ id: 'A' }, undefined, '{}');
    expect(hash({ id: 'A' }, undefined, '{}')).toBe(base);
    expect(hash({ id: 'B' }, undefined, '{}')).not.toBe(base);
    expect(hash({ id: 'A' }, { format: 'hsds' }, '{}')).not.toBe(base);
    expect(hash({ id: 'A' }, undefined, '{"comment":"x"}')).not.toBe(base);
  });

  it('does not depend on the order of the parameters, and keeps their boundaries', () => {
    expect(hash({ a: '1', b: '2' }, undefined)).toBe(hash({ b: '2', a: '1' }, undefined));
    expect(hash({ a: '1' }, undefined)).not.toBe(hash(undefined, { a: '1' }));
    expect(hash({ a: '1', b: '2' }, undefined)).not.toBe(hash({ a: '1,b', b: '2' }, undefined));
  });
});
