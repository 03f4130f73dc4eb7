import { defineService, type RouteDecl, routeFactory } from '../shared/manifest/manifest';
import { SERVICES } from './index';

/**
 * What API Gateway's HTTP API accepts as a route key, checked on the manifests so that a route
 * that would fail `cdk deploy` (not `cdk synth`) fails here first: a path variable is a whole
 * segment (`/api/appointments/{id}`, never `/api/appointments/{id}.ics`), and two routes of one
 * method never differ only by a variable's name.
 */
describe('route paths as API Gateway takes them', () => {
  const routes = SERVICES.flatMap((s) => s.routes.map((r) => ({ key: `${s.name}.${r.id}`, method: r.method, path: r.path })));

  it('puts each path variable in a segment of its own', () => {
    const partial = routes.filter((r) =>
      r.path.split('/').some((segment) => segment.includes('{') && !/^\{[A-Za-z]\w*\+?\}$/.test(segment)),
    );
    expect(partial.map((r) => `${r.key}: ${r.path}`)).toEqual([]);
  });

  it('has no two routes of one method that differ only by a variable’s name', () => {
    const shapes = new Map<string, string>();
    const clashes: string[] = [];
    for (const r of routes) {
      const shape = `${r.method} ${r.path.replace(/\{[^}]+\}/g, '{}')}`;
      const other = shapes.get(shape);
      if (other) clashes.push(`${other} ~ ${r.key}`);
      shapes.set(shape, r.key);
    }
    expect(clashes).toEqual([]);
  });
});

describe('routes declared in modules of their own (ADR 0056)', () => {
  const route = { id: 'probe', method: 'GET', path: '/api/probe', access: 'authenticated', handler: 'x.handler.ts', summary: 'x' } as const;
  const main = { name: 'main', partitionKey: { name: 'pk', type: 'S' }, sortKey: { name: 'sk', type: 'S' } } as const;
  const service = (routes: RouteDecl[]) => () =>
    defineService({ name: 'probe', tables: [{ ...main }], routes, subscriptions: [], schedules: [] });

  it('takes a route declared for its service, with its idempotency store as the manifest has it', () => {
    expect(service([routeFactory({ service: 'probe', idempotencyStore: true })(route)])).not.toThrow();
  });

  it('refuses a route declared for another service, or without its owner, or with the wrong idempotency store', () => {
    expect(service([routeFactory({ service: 'other', idempotencyStore: true })(route)])).toThrow(
      /probe\.probe: declared for the service other/,
    );
    expect(service([{ ...route }])).toThrow(/probe\.probe: declared for the service \(none\)/);
    expect(service([routeFactory({ service: 'probe', idempotencyStore: false })(route)])).toThrow(/idempotencyStore must be true/);
  });

  it('lists, in every service, route objects whose owner is that service', () => {
    for (const s of SERVICES) for (const r of s.routes) expect([s.name, r.id, r.owner?.service]).toEqual([s.name, r.id, s.name]);
  });
});
