import { AdminListGroupsForUserCommand, CognitoIdentityProviderClient, ListUsersCommand } from '@aws-sdk/client-cognito-identity-provider';
import { ROLES, type Role } from '../manifest/manifest';
import { traceClient } from '../observability/tracer';

/** A Relais user account as the platform knows it: who, which organisation, which roles. */
export interface Account {
  userId: string;
  organisationId: string | null;
  roles: Role[];
}

/**
 * The accounts of Relais, read to check that a user named in a request (a parcours member) is
 * a real account of the organisation given for them: no one adds a colleague « as » another
 * organisation (SECURITY.md). Cognito on AWS, the demo users locally.
 */
export interface AccountDirectory {
  get(userId: string): Promise<Account | undefined>;
}

/** The local stack's accounts: the demo users (the sign-in page lists them). */
export class StaticAccountDirectory implements AccountDirectory {
  constructor(private readonly accounts: readonly Account[]) {}

  async get(userId: string): Promise<Account | undefined> {
    return this.accounts.find((a) => a.userId === userId);
  }
}

/**
 * AWS: the user pool (`RELAIS_USER_POOL_ID`), looked up by `sub` (ListUsers with a filter) with
 * its groups as roles (AdminListGroupsForUser); the function is granted these two actions on
 * that pool only (manifest `needs.accounts`).
 */
export class CognitoAccountDirectory implements AccountDirectory {
  private client?: CognitoIdentityProviderClient;

  constructor(private readonly userPoolId: string) {}

  async get(userId: string): Promise<Account | undefined> {
    if (!/^[\w-]{1,128}$/.test(userId)) return undefined;
    this.client ??= traceClient(new CognitoIdentityProviderClient({}));
    const out = await this.client.send(new ListUsersCommand({ UserPoolId: this.userPoolId, Filter: `sub = "${userId}"`, Limit: 1 }));
    const user = out.Users?.[0];
    if (!user || user.Enabled === false) return undefined;
    const attr = (name: string) => user.Attributes?.find((a) => a.Name === name)?.Value ?? null;
    const groups = await this.client.send(
      new AdminListGroupsForUserCommand({ UserPoolId: this.userPoolId, Username: user.Username, Limit: 10 }),
    );
    const roles = (groups.Groups ?? []).map((g) => g.GroupName ?? '').filter((r): r is Role => (ROLES as readonly string[]).includes(r));
    return { userId, organisationId: attr('custom:organisationId'), roles };
  }
}
