import {
  AdminAddUserToGroupCommand,
  AdminListGroupsForUserCommand,
  AdminUpdateUserAttributesCommand,
  CognitoIdentityProviderClient,
  ListUsersCommand,
  ListUsersInGroupCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { mockClient } from 'aws-sdk-client-mock';
import { CognitoStaffAccounts } from './cognito-staff-accounts';

const cognito = mockClient(CognitoIdentityProviderClient);
afterAll(() => cognito.restore());
beforeEach(() => cognito.reset());

const POOL = 'eu-west-3_Relais';
const accounts = new CognitoStaffAccounts(POOL, new CognitoIdentityProviderClient({}));
const user = (username: string, sub: string, extra: Record<string, string> = {}, created = '2026-12-01T08:00:00Z') => ({
  Username: username,
  Enabled: true,
  UserStatus: 'EXTERNAL_PROVIDER' as const,
  UserCreateDate: new Date(created),
  Attributes: Object.entries({ sub, email: `${username}@exemple.gouv.fr`, given_name: 'Anne', family_name: 'Vidal', ...extra }).map(
    ([Name, Value]) => ({ Name, Value }),
  ),
});

describe('the staff accounts on AWS (the user pool, Cognito mocked)', () => {
  it('lists as pending the federated users that no role group holds, across pages, with their SIRET, oldest first', async () => {
    cognito.on(ListUsersInGroupCommand).resolves({ Users: [] });
    cognito.on(ListUsersInGroupCommand, { GroupName: 'accueil' }).resolves({ Users: [{ Username: 'ProConnect_assigned' }] });
    cognito
      .on(ListUsersCommand)
      .resolvesOnce({
        Users: [
          user('ProConnect_new', 'sub-new', { 'custom:siret': '22460001700016' }, '2026-12-05T08:00:00Z'),
          user('ProConnect_assigned', 'sub-a'),
        ],
        PaginationToken: 'page-2',
      })
      .resolvesOnce({
        Users: [user('ProConnect_older', 'sub-old', {}, '2026-12-02T08:00:00Z'), { ...user('ProConnect_off', 'sub-off'), Enabled: false }],
      });

    const pending = await accounts.pending();

    expect(pending).toEqual([
      {
        id: 'sub-old',
        email: 'ProConnect_older@exemple.gouv.fr',
        givenName: 'Anne',
        familyName: 'Vidal',
        createdAt: '2026-12-02T08:00:00.000Z',
      },
      {
        id: 'sub-new',
        email: 'ProConnect_new@exemple.gouv.fr',
        givenName: 'Anne',
        familyName: 'Vidal',
        siret: '22460001700016',
        createdAt: '2026-12-05T08:00:00.000Z',
      },
    ]);
    // Every role group read, then the federated users only, page by page: no table, no scan.
    expect(cognito.commandCalls(ListUsersInGroupCommand).map((c) => c.args[0].input.GroupName)).toEqual([
      'accueil',
      'travailleur_social',
      'partenaire',
      'pilote',
      'admin',
    ]);
    expect(cognito.commandCalls(ListUsersCommand).map((c) => c.args[0].input)).toEqual([
      { UserPoolId: POOL, Filter: 'cognito:user_status = "EXTERNAL_PROVIDER"', Limit: 60, PaginationToken: undefined },
      { UserPoolId: POOL, Filter: 'cognito:user_status = "EXTERNAL_PROVIDER"', Limit: 60, PaginationToken: 'page-2' },
    ]);
  });

  it('assigns a pending account: the organisation attribute first, then the role group, by its pool user name', async () => {
    cognito.on(ListUsersCommand).resolves({ Users: [user('ProConnect_abc', 'sub-abc')] });
    cognito.on(AdminListGroupsForUserCommand).resolves({ Groups: [] });
    cognito.on(AdminUpdateUserAttributesCommand).resolves({});
    cognito.on(AdminAddUserToGroupCommand).resolves({});

    await expect(accounts.assign('sub-abc', 'accueil', '01KDVD0000000000000000ORG1')).resolves.toBe('assigned');

    expect(cognito.commandCalls(ListUsersCommand)[0]!.args[0].input).toEqual({ UserPoolId: POOL, Filter: 'sub = "sub-abc"', Limit: 1 });
    const calls = cognito.calls().map((c) => c.args[0].constructor.name);
    expect(calls).toEqual([
      'ListUsersCommand',
      'AdminListGroupsForUserCommand',
      'AdminUpdateUserAttributesCommand',
      'AdminAddUserToGroupCommand',
    ]);
    expect(cognito.commandCalls(AdminUpdateUserAttributesCommand)[0]!.args[0].input).toEqual({
      UserPoolId: POOL,
      Username: 'ProConnect_abc',
      UserAttributes: [{ Name: 'custom:organisationId', Value: '01KDVD0000000000000000ORG1' }],
    });
    expect(cognito.commandCalls(AdminAddUserToGroupCommand)[0]!.args[0].input).toEqual({
      UserPoolId: POOL,
      Username: 'ProConnect_abc',
      GroupName: 'accueil',
    });
  });

  it('writes nothing for an account that has a role already, or that does not exist', async () => {
    cognito.on(ListUsersCommand, { Filter: 'sub = "sub-abc"' }).resolves({ Users: [user('ProConnect_abc', 'sub-abc')] });
    cognito.on(ListUsersCommand, { Filter: 'sub = "sub-none"' }).resolves({ Users: [] });
    cognito.on(AdminListGroupsForUserCommand).resolves({ Groups: [{ GroupName: 'partenaire' }] });

    await expect(accounts.assign('sub-abc', 'admin', '01KDVD0000000000000000ORG1')).resolves.toBe('already-assigned');
    await expect(accounts.assign('sub-none', 'admin', '01KDVD0000000000000000ORG1')).resolves.toBe('not-found');
    // An id that could break out of the filter is not even looked up.
    await expect(accounts.assign('x" or sub ^= "', 'admin', '01KDVD0000000000000000ORG1')).resolves.toBe('not-found');

    expect(cognito.commandCalls(AdminUpdateUserAttributesCommand)).toHaveLength(0);
    expect(cognito.commandCalls(AdminAddUserToGroupCommand)).toHaveLength(0);
    expect(cognito.commandCalls(ListUsersCommand)).toHaveLength(2);
  });
});
