import { UnauthorizedError } from '../errors/errors';
import { actorFromClaims, hasRole } from './actor';

describe('actorFromClaims', () => {
  it('reads the local stack claims, where groups are an array', () => {
    const actor = actorFromClaims({
      sub: 'u1',
      name: 'Claire',
      email: 'c@example.org',
      'cognito:groups': ['accueil'],
      'custom:organisationId': 'O1',
      'custom:siteId': 'S1',
    });
    expect(actor).toEqual({ id: 'u1', name: 'Claire', email: 'c@example.org', roles: ['accueil'], organisationId: 'O1', siteId: 'S1' });
  });

  it("reads API Gateway's flattened groups string and ignores unknown groups", () => {
    const actor = actorFromClaims({ sub: 'u2', 'cognito:groups': '[pilote admin us-east-1_Pool_Google]' });
    expect(actor.roles).toEqual(['pilote', 'admin']);
    expect(actor.organisationId).toBeNull();
    expect(hasRole(actor, 'admin')).toBe(true);
    expect(hasRole(actor, 'partenaire')).toBe(false);
  });

  it('refuses claims without a subject', () => {
    expect(() => actorFromClaims({})).toThrow(UnauthorizedError);
    expect(() => actorFromClaims(undefined)).toThrow(UnauthorizedError);
  });
});
