import { CognitoClient } from '../aws/cognito';
import { ROLES, type Role } from '../manifest/manifest';
import { traceClient } from '../observability/tracer';
import type { Account, AccountDirectory } from './accounts';

/**
 * AWS: the user pool (`RELAIS_USER_POOL_ID`), looked up by `sub` (ListUsers with a filter) with
 * its groups as roles (AdminListGroupsForUser); the function is granted these two actions on
 * that pool only (a route's `reads: ['accounts']`). The calls go through the small signed client
 * (../aws/cognito.ts, ADR 0059), not the SDK's Cognito client.
 */
export class CognitoAccountDirectory implements AccountDirectory {
  private client?: Pick<CognitoClient, 'call'>;

  constructor(
    private readonly userPoolId: string,
    client?: Pick<CognitoClient, 'call'>,
  ) {
    this.client = client;
  }

  async get(userId: string): Promise<Account | undefined> {
    if (!/^[\w-]{1,128}$/.test(userId)) return undefined;
    this.client ??= traceClient(new CognitoClient());
    const out = await this.client.call<{
      Users?: { Username?: string; Enabled?: boolean; Attributes?: { Name: string; Value?: string }[] }[];
    }>('ListUsers', { UserPoolId: this.userPoolId, Filter: `sub = "${userId}"`, Limit: 1 });
    const user = out.Users?.[0];
    if (!user || user.Enabled === false) return undefined;
    const attr = (name: string) => user.Attributes?.find((a) => a.Name === name)?.Value ?? null;
    const groups = await this.client.call<{ Groups?: { GroupName?: string }[] }>('AdminListGroupsForUser', {
      UserPoolId: this.userPoolId,
      Username: user.Username,
      Limit: 10,
    });
    const roles = (groups.Groups ?? []).map((g) => g.GroupName ?? '').filter((r): r is Role => (ROLES as readonly string[]).includes(r));
    return { userId, organisationId: attr('custom:organisationId'), roles };
  }
}
