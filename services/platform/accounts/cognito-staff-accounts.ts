import { CognitoClient } from '../../../shared/aws/cognito';
import { PROFESSIONAL_ROLES, type Role } from '../../../shared/manifest/manifest';
import { traceClient } from '../../../shared/observability/tracer';
import { ACCOUNT_ID, type AssignableRole, type PendingAccount, type StaffAccount, type StaffAccounts } from './staff-accounts';

/** Cognito's page size for ListUsers and ListUsersInGroup (its maximum). */
const PAGE = 60;

/** A user as ListUsers and ListUsersInGroup answer it (the fields read here; dates in epoch seconds). */
interface UserType {
  Username?: string;
  Enabled?: boolean;
  UserCreateDate?: number;
  Attributes?: { Name: string; Value?: string }[];
}
interface UsersPage {
  Users?: UserType[];
  NextToken?: string;
  PaginationToken?: string;
}

const attribute = (user: UserType, name: string): string | undefined => user.Attributes?.find((a) => a.Name === name)?.Value;

/**
 * The staff user pool (`RELAIS_USER_POOL_ID`, stateful stack) on AWS. No table is read, none
 * scanned: the pending accounts are the federated users (ListUsers filtered on
 * `cognito:user_status = "EXTERNAL_PROVIDER"`, the status of every ProConnect account) that no
 * role group lists (ListUsersInGroup per role); an account is found by its `sub` (ListUsers
 * filtered on `sub`); the assignment writes `custom:organisationId` (AdminUpdateUserAttributes)
 * then the group (AdminAddUserToGroup), so that a token with the role always has the organisation.
 * The functions get exactly these actions on this pool (infra/service-stack.ts, `ManageStaffAccounts`;
 * the GET route's function only the three reads). The calls go through the small signed client
 * (shared/aws/cognito.ts, ADR 0059), not the SDK's Cognito client.
 */
export class CognitoStaffAccounts implements StaffAccounts {
  private client?: Pick<CognitoClient, 'call'>;

  constructor(
    private readonly userPoolId: string,
    client?: Pick<CognitoClient, 'call'>,
  ) {
    this.client = client;
  }

  private cognito(): Pick<CognitoClient, 'call'> {
    this.client ??= traceClient(new CognitoClient());
    return this.client;
  }

  async pending(): Promise<PendingAccount[]> {
    const withRole = new Set<string>();
    for (const role of PROFESSIONAL_ROLES) {
      let token: string | undefined;
      do {
        const out = await this.cognito().call<UsersPage>('ListUsersInGroup', {
          UserPoolId: this.userPoolId,
          GroupName: role,
          Limit: PAGE,
          ...(token ? { NextToken: token } : {}),
        });
        for (const user of out.Users ?? []) if (user.Username) withRole.add(user.Username);
        token = out.NextToken;
      } while (token);
    }
    const pending: PendingAccount[] = [];
    let token: string | undefined;
    do {
      const out = await this.cognito().call<UsersPage>('ListUsers', {
        UserPoolId: this.userPoolId,
        Filter: 'cognito:user_status = "EXTERNAL_PROVIDER"',
        Limit: PAGE,
        ...(token ? { PaginationToken: token } : {}),
      });
      for (const user of out.Users ?? []) {
        if (!user.Username || withRole.has(user.Username) || user.Enabled === false) continue;
        const id = attribute(user, 'sub');
        if (!id) continue;
        const siret = attribute(user, 'custom:siret');
        pending.push({
          id,
          email: attribute(user, 'email') ?? '',
          givenName: attribute(user, 'given_name') ?? '',
          familyName: attribute(user, 'family_name') ?? attribute(user, 'name') ?? '',
          ...(siret ? { siret } : {}),
          createdAt: new Date((user.UserCreateDate ?? 0) * 1000).toISOString(),
        });
      }
      token = out.PaginationToken;
    } while (token);
    return pending.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  private async find(id: string): Promise<{ user: UserType; account: StaffAccount } | undefined> {
    if (!ACCOUNT_ID.test(id)) return undefined;
    const out = await this.cognito().call<UsersPage>('ListUsers', { UserPoolId: this.userPoolId, Filter: `sub = "${id}"`, Limit: 1 });
    const user = out.Users?.[0];
    if (!user?.Username || user.Enabled === false) return undefined;
    const groups = await this.cognito().call<{ Groups?: { GroupName?: string }[] }>('AdminListGroupsForUser', {
      UserPoolId: this.userPoolId,
      Username: user.Username,
      Limit: 10,
    });
    const roles = (groups.Groups ?? [])
      .map((g) => g.GroupName ?? '')
      .filter((r): r is Role => (PROFESSIONAL_ROLES as readonly string[]).includes(r));
    return { user, account: { id, roles, organisationId: attribute(user, 'custom:organisationId') ?? null } };
  }

  async get(id: string): Promise<StaffAccount | undefined> {
    return (await this.find(id))?.account;
  }

  async assign(id: string, role: AssignableRole, organisationId: string): Promise<'assigned' | 'already-assigned' | 'not-found'> {
    const found = await this.find(id);
    if (!found) return 'not-found';
    if (found.account.roles.length > 0) return 'already-assigned';
    const Username = found.user.Username!;
    await this.cognito().call('AdminUpdateUserAttributes', {
      UserPoolId: this.userPoolId,
      Username,
      UserAttributes: [{ Name: 'custom:organisationId', Value: organisationId }],
    });
    await this.cognito().call('AdminAddUserToGroup', { UserPoolId: this.userPoolId, Username, GroupName: role });
    return 'assigned';
  }
}
