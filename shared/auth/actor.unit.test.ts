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

  it('reads the person’s own token (« Mon espace »): her id, no organisation; a professional never carries a person id', () => {
    const person = actorFromClaims({ sub: 'personne:P1', 'cognito:groups': ['personne'], 'custom:personId': 'P1' });
    expect(person).toMatchObject({ roles: ['personne'], personId: 'P1', organisationId: null });
    const professional = actorFromClaims({ sub: 'u3', 'cognito:groups': ['accueil'], 'custom:personId': 'P1' });
    expect(professional.personId).toBeUndefined();
  });

  it('refuses claims without a subject', () => {
    expect(() => actorFromClaims({})).toThrow(UnauthorizedError);
    expect(() => actorFromClaims(undefined)).toThrow(UnauthorizedError);
  });
});
