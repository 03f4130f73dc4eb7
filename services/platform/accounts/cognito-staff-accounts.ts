import {
  AdminAddUserToGroupCommand,
  AdminListGroupsForUserCommand,
  AdminUpdateUserAttributesCommand,
  CognitoIdentityProviderClient,
  ListUsersCommand,
  ListUsersInGroupCommand,
  type UserType,
} from '@aws-sdk/client-cognito-identity-provider';
import { PROFESSIONAL_ROLES, type Role } from '../../../shared/manifest/manifest';
import { traceClient } from '../../../shared/observability/tracer';
import { ACCOUNT_ID, type AssignableRole, type PendingAccount, type StaffAccount, type StaffAccounts } from './staff-accounts';

/** Cognito's page size for ListUsers and ListUsersInGroup (its maximum). */
const PAGE = 60;

const attribute = (user: UserType, name: string): string | undefined => user.Attributes?.find((a) => a.Name === name)?.Value;

/**
 * The staff user pool (`RELAIS_USER_POOL_ID`, stateful stack) on AWS. No table is read, none
 * scanned: the pending accounts are the federated users (ListUsers filtered on
 * `cognito:user_status = "EXTERNAL_PROVIDER"`, the status of every ProConnect account) that no
 * role group lists (ListUsersInGroup per role); an account is found by its `sub` (ListUsers
 * filtered on `sub`); the assignment writes `custom:organisationId` (AdminUpdateUserAttributes)
 * then the group (AdminAddUserToGroup), so that a token with the role always has the organisation.
 * The functions get exactly these actions on this pool (infra/service-stack.ts, `ManageStaffAccounts`;
 * the GET route's function only the three reads).
 */
export class CognitoStaffAccounts implements StaffAccounts {
  private client?: CognitoIdentityProviderClient;

  constructor(
    private readonly userPoolId: string,
    client?: CognitoIdentityProviderClient,
  ) {
    this.client = client;
  }

  private cognito(): CognitoIdentityProviderClient {
    this.client ??= traceClient(new CognitoIdentityProviderClient({}));
    return this.client;
  }

  async pending(): Promise<PendingAccount[]> {
    const withRole = new Set<string>();
    for (const role of PROFESSIONAL_ROLES) {
      let token: string | undefined;
      do {
        const out = await this.cognito().send(
          new ListUsersInGroupCommand({ UserPoolId: this.userPoolId, GroupName: role, Limit: PAGE, NextToken: token }),
        );
        for (const user of out.Users ?? []) if (user.Username) withRole.add(user.Username);
        token = out.NextToken;
      } while (token);
    }
    const pending: PendingAccount[] = [];
    let token: string | undefined;
    do {
      const out = await this.cognito().send(
        new ListUsersCommand({
          UserPoolId: this.userPoolId,
          Filter: 'cognito:user_status = "EXTERNAL_PROVIDER"',
          Limit: PAGE,
          PaginationToken: token,
        }),
      );
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
          createdAt: (user.UserCreateDate ?? new Date(0)).toISOString(),
        });
      }
      token = out.PaginationToken;
    } while (token);
    return pending.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  private async find(id: string): Promise<{ user: UserType; account: StaffAccount } | undefined> {
    if (!ACCOUNT_ID.test(id)) return undefined;
    const out = await this.cognito().send(new ListUsersCommand({ UserPoolId: this.userPoolId, Filter: `sub = "${id}"`, Limit: 1 }));
    const user = out.Users?.[0];
    if (!user?.Username || user.Enabled === false) return undefined;
    const groups = await this.cognito().send(
      new AdminListGroupsForUserCommand({ UserPoolId: this.userPoolId, Username: user.Username, Limit: 10 }),
    );
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
    await this.cognito().send(
      new AdminUpdateUserAttributesCommand({
        UserPoolId: this.userPoolId,
        Username,
        UserAttributes: [{ Name: 'custom:organisationId', Value: organisationId }],
      }),
    );
    await this.cognito().send(new AdminAddUserToGroupCommand({ UserPoolId: this.userPoolId, Username, GroupName: role }));
    return 'assigned';
  }
}
