import { ROLES, type Role } from '../manifest/manifest';
import { kernelErrors } from '../errors/catalogue';

/** The caller, as the handlers see it in both modes (from Cognito's claims or the local ones). */
export interface Actor {
  id: string;
  name: string;
  email: string | null;
  roles: Role[];
  organisationId: string | null;
  siteId: string | null;
  /** The person herself (role `personne`, « Mon espace »): her person id; null for a professional. */
  personId?: string | null;
}

export type Claims = Record<string, unknown>;

/**
 * API Gateway's JWT authorizer flattens array claims to a string such as `[pilote admin]`;
 * the local stack passes real arrays. Both are accepted.
 */
function parseGroups(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value === 'string') {
    const trimmed = value.trim().replace(/^\[/, '').replace(/\]$/, '');
    return trimmed.split(/[\s,]+/).filter(Boolean);
  }
  return [];
}

export function actorFromClaims(claims: Claims | undefined): Actor {
  const sub = claims?.sub;
  if (typeof sub !== 'string' || !sub) throw kernelErrors.error('unauthorised');
  const roles = parseGroups(claims?.['cognito:groups']).filter((g): g is Role => (ROLES as readonly string[]).includes(g));
  const str = (key: string): string | null => {
    const value = claims?.[key];
    return typeof value === 'string' && value ? value : null;
  };
  return {
    id: sub,
    name: str('name') ?? str('cognito:username') ?? sub,
    email: str('email'),
    roles,
    organisationId: str('custom:organisationId'),
    siteId: str('custom:siteId'),
    ...(roles.includes('personne') ? { personId: str('custom:personId') } : {}),
  };
}

export function hasRole(actor: Actor, ...roles: readonly Role[]): boolean {
  return actor.roles.some((r) => roles.includes(r));
}

export function requireRole(actor: Actor, roles: readonly Role[]): void {
  if (!hasRole(actor, ...roles)) throw kernelErrors.error('forbidden');
}
