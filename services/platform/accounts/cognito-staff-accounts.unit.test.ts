import { CognitoClient } from '../../../shared/aws/cognito';
import { type Answer, type AwsHttpServer, type ReceivedRequest, startAwsHttpServer } from '../../../shared/testing/aws-http-server';
import { CognitoStaffAccounts } from './cognito-staff-accounts';

const POOL = 'eu-west-3_Relais';

/** Cognito played by a real local HTTP server answering as its JSON 1.1 API does (ADR 0059). */
let cognito: AwsHttpServer;
let answer: (operation: string, input: Record<string, unknown>) => Answer;
let accounts: CognitoStaffAccounts;
beforeAll(async () => {
  cognito = await startAwsHttpServer();
  cognito.answer = (request) => answer(operation(request), JSON.parse(request.body));
  const client = new CognitoClient({
    endpoint: cognito.endpoint,
    region: 'eu-west-3',
    credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' },
    retryBaseMs: 1,
  });
  accounts = new CognitoStaffAccounts(POOL, client);
});
afterAll(() => cognito.close());
beforeEach(() => {
  cognito.requests.length = 0;
  answer = () => ({ status: 200, body: {} });
});

const operation = (request: ReceivedRequest) => (request.headers['x-amz-target'] ?? '').replace('AWSCognitoIdentityProviderService.', '');
const calls = (name?: string) =>
  cognito.requests.filter((r) => !name || operation(r) === name).map((r) => ({ op: operation(r), input: JSON.parse(r.body) }));
const ok = (body: Record<string, unknown>): Answer => ({ status: 200, body });
/** A user as ListUsers answers it: dates in epoch seconds. */
const user = (username: string, sub: string, extra: Record<string, string> = {}, created = '2026-12-01T08:00:00Z') => ({
  Username: username,
  Enabled: true,
  UserStatus: 'EXTERNAL_PROVIDER',
  UserCreateDate: Date.parse(created) / 1000 + 0.123,
  Attributes: Object.entries({ sub, email: `${username}@exemple.gouv.fr`, given_name: 'Anne', family_name: 'Vidal', ...extra }).map(
    ([Name, Value]) => ({ Name, Value }),
  ),
});

describe('the staff accounts on AWS (the user pool, Cognito played by a local server)', () => {
  it('lists as pending the federated users that no role group holds, across pages, with their SIRET, oldest first', async () => {
    answer = (op, input) => {
      if (op === 'ListUsersInGroup') return ok({ Users: input.GroupName === 'accueil' ? [{ Username: 'ProConnect_assigned' }] : [] });
      if (op === 'ListUsers' && !input.PaginationToken) {
        return ok({
          Users: [
            user('ProConnect_new', 'sub-new', { 'custom:siret': '22460001700016' }, '2026-12-05T08:00:00Z'),
            user('ProConnect_assigned', 'sub-a'),
          ],
          PaginationToken: 'page-2',
        });
      }
      if (op === 'ListUsers') {
        return ok({
          Users: [
            user('ProConnect_older', 'sub-old', {}, '2026-12-02T08:00:00Z'),
            { ...user('ProConnect_off', 'sub-off'), Enabled: false },
          ],
        });
      }
      return { status: 400, body: { __type: 'InvalidParameterException', message: `unexpected ${op}` } };
    };

    const pending = await accounts.pending();

    expect(pending).toEqual([
      {
        id: 'sub-old',
        email: 'ProConnect_older@exemple.gouv.fr',
        givenName: 'Anne',
        familyName: 'Vidal',
        createdAt: '2026-12-02T08:00:00.123Z',
      },
      {
        id: 'sub-new',
        email: 'ProConnect_new@exemple.gouv.fr',
        givenName: 'Anne',
        familyName: 'Vidal',
        siret: '22460001700016',
        createdAt: '2026-12-05T08:00:00.123Z',
      },
    ]);
    // Every role group read, then the federated users only, page by page: no table, no scan.
    expect(calls('ListUsersInGroup').map((c) => c.input.GroupName)).toEqual([
      'accueil',
      'travailleur_social',
      'partenaire',
      'pilote',
      'admin',
    ]);
    expect(calls('ListUsers').map((c) => c.input)).toEqual([
      { UserPoolId: POOL, Filter: 'cognito:user_status = "EXTERNAL_PROVIDER"', Limit: 60 },
      { UserPoolId: POOL, Filter: 'cognito:user_status = "EXTERNAL_PROVIDER"', Limit: 60, PaginationToken: 'page-2' },
    ]);
  });

  it('assigns a pending account: the organisation attribute first, then the role group, by its pool user name', async () => {
    answer = (op) =>
      op === 'ListUsers'
        ? ok({ Users: [user('ProConnect_abc', 'sub-abc')] })
        : op === 'AdminListGroupsForUser'
          ? ok({ Groups: [] })
          : ok({});

    await expect(accounts.assign('sub-abc', 'accueil', '01KDVD0000000000000000ORG1')).resolves.toBe('assigned');

    expect(calls()).toEqual([
      { op: 'ListUsers', input: { UserPoolId: POOL, Filter: 'sub = "sub-abc"', Limit: 1 } },
      { op: 'AdminListGroupsForUser', input: { UserPoolId: POOL, Username: 'ProConnect_abc', Limit: 10 } },
      {
        op: 'AdminUpdateUserAttributes',
        input: {
          UserPoolId: POOL,
          Username: 'ProConnect_abc',
          UserAttributes: [{ Name: 'custom:organisationId', Value: '01KDVD0000000000000000ORG1' }],
        },
      },
      { op: 'AdminAddUserToGroup', input: { UserPoolId: POOL, Username: 'ProConnect_abc', GroupName: 'accueil' } },
    ]);
  });

  it('writes nothing for an account that has a role already, or that does not exist', async () => {
    answer = (op, input) =>
      op === 'ListUsers'
        ? ok({ Users: input.Filter === 'sub = "sub-abc"' ? [user('ProConnect_abc', 'sub-abc')] : [] })
        : op === 'AdminListGroupsForUser'
          ? ok({ Groups: [{ GroupName: 'partenaire' }] })
          : ok({});

    await expect(accounts.assign('sub-abc', 'admin', '01KDVD0000000000000000ORG1')).resolves.toBe('already-assigned');
    await expect(accounts.get('sub-abc')).resolves.toEqual({ id: 'sub-abc', roles: ['partenaire'], organisationId: null });
    await expect(accounts.assign('sub-none', 'admin', '01KDVD0000000000000000ORG1')).resolves.toBe('not-found');
    // An id that could break out of the filter is not even looked up.
    await expect(accounts.assign('x" or sub ^= "', 'admin', '01KDVD0000000000000000ORG1')).resolves.toBe('not-found');

    expect(calls('AdminUpdateUserAttributes')).toHaveLength(0);
    expect(calls('AdminAddUserToGroup')).toHaveLength(0);
    expect(calls('ListUsers')).toHaveLength(3);
  });

  it('fails as Cognito does (by its error’s name) rather than answering a wrong list', async () => {
    answer = () => ({ status: 400, body: { __type: 'ResourceNotFoundException', message: 'User pool does not exist.' } });
    await expect(accounts.pending()).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });
});
