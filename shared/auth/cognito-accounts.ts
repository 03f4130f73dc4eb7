import { AdminListGroupsForUserCommand, CognitoIdentityProviderClient, ListUsersCommand } from '@aws-sdk/client-cognito-identity-provider';
import { ROLES, type Role } from '../manifest/manifest';
import { traceClient } from '../observability/tracer';
import type { Account, AccountDirectory } from './accounts';

/**
 * AWS: the user pool (`RELAIS_USER_POOL_ID`), looked up by `sub` (ListUsers with a filter) with
 * its groups as roles (AdminListGroupsForUser); the function is granted these two actions on
 * that pool only (a route's `reads: ['accounts']`).
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
