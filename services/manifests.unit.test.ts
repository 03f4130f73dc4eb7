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
    const partial = routes.filter((r) => r.path.split('/').some((segment) => segment.includes('{') && !/^\{[A-Za-z]\w*\+?\}$/.test(segment)));
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
