import { PROFESSIONAL_ROLES, type Role } from '../../../shared/manifest/manifest';

/** The roles an administrator may give a staff account: never `personne` (the persons have their own pool, ADR 0040). */
export const ASSIGNABLE_ROLES = PROFESSIONAL_ROLES;
export type AssignableRole = (typeof ASSIGNABLE_ROLES)[number];
export const isAssignableRole = (role: string): role is AssignableRole => (ASSIGNABLE_ROLES as readonly string[]).includes(role);

/** A staff account awaiting its role and organisation (a ProConnect agent after the first sign-in, ADR 0041). */
export interface PendingAccount {
  /** The account's `sub`: the id its tokens carry. */
  id: string;
  email: string;
  givenName: string;
  familyName: string;
  /** The SIRET of the organisation the agent signed in for at ProConnect (`custom:siret`), when given. */
  siret?: string;
  createdAt: string;
}

/** One staff account as the assignment needs it: does it exist, has it a role already. */
export interface StaffAccount {
  id: string;
  roles: Role[];
  organisationId: string | null;
}

/**
 * The staff accounts an administrator manages (issue 18 point 7, ADR 0041). Two implementations:
 * the staff user pool on AWS (`CognitoStaffAccounts`), the local stack's accounts in DynamoDB
 * Local (`LocalStaffAccounts`: the demo users, always assigned, and the accounts of the local
 * ProConnect-like sign-in, pending until assigned).
 */
export interface StaffAccounts {
  /** The accounts without any role, oldest first. */
  pending(): Promise<PendingAccount[]>;
  get(id: string): Promise<StaffAccount | undefined>;
  /**
   * Give a pending account its role (group) and organisation (`custom:organisationId`), which
   * reach its next token. `'already-assigned'` when it has a role by then.
   */
  assign(id: string, role: AssignableRole, organisationId: string): Promise<'assigned' | 'already-assigned' | 'not-found'>;
}

/** An account id as Cognito gives them (`sub`, a UUID) and the local store too. */
export const ACCOUNT_ID = /^[\w-]{1,128}$/;
