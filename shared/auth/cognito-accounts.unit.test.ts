import { CognitoClient } from '../aws/cognito';
import { type AwsHttpServer, startAwsHttpServer } from '../testing/aws-http-server';
import { CognitoAccountDirectory } from './cognito-accounts';

const POOL = 'eu-west-3_Relais';

/** Cognito played by a real local HTTP server answering as its JSON 1.1 API does (ADR 0059). */
let cognito: AwsHttpServer;
let directory: CognitoAccountDirectory;
beforeAll(async () => {
  cognito = await startAwsHttpServer();
  directory = new CognitoAccountDirectory(
    POOL,
    new CognitoClient({
      endpoint: cognito.endpoint,
      region: 'eu-west-3',
      credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' },
    }),
  );
});
afterAll(() => cognito.close());
beforeEach(() => {
  cognito.requests.length = 0;
});

const target = (op: string) => `AWSCognitoIdentityProviderService.${op}`;

describe('the accounts directory on AWS (the staff pool, Cognito played by a local server)', () => {
  it('finds an account by its sub, with its organisation and its role groups (others ignored)', async () => {
    cognito.answer = (request) =>
      request.headers['x-amz-target'] === target('ListUsers')
        ? {
            body: {
              Users: [{ Username: 'ProConnect_abc', Enabled: true, Attributes: [{ Name: 'custom:organisationId', Value: 'ORG1' }] }],
            },
          }
        : { body: { Groups: [{ GroupName: 'accueil' }, { GroupName: 'eu-west-3_Relais_ProConnect' }] } };
    expect(await directory.get('sub-abc')).toEqual({ userId: 'sub-abc', organisationId: 'ORG1', roles: ['accueil'] });
    expect(cognito.requests.map((r) => [r.headers['x-amz-target'], JSON.parse(r.body)])).toEqual([
      [target('ListUsers'), { UserPoolId: POOL, Filter: 'sub = "sub-abc"', Limit: 1 }],
      [target('AdminListGroupsForUser'), { UserPoolId: POOL, Username: 'ProConnect_abc', Limit: 10 }],
    ]);
  });

  it('knows no disabled, unknown or malformed account, and fails as Cognito does', async () => {
    cognito.answer = () => ({ body: { Users: [{ Username: 'ProConnect_off', Enabled: false }] } });
    expect(await directory.get('sub-off')).toBeUndefined();
    cognito.answer = () => ({ body: { Users: [] } });
    expect(await directory.get('sub-none')).toBeUndefined();
    expect(await directory.get('x" or sub ^= "')).toBeUndefined();
    expect(cognito.requests).toHaveLength(2);
    cognito.answer = () => ({ status: 400, body: { __type: 'NotAuthorizedException', message: 'no' } });
    await expect(directory.get('sub-abc')).rejects.toMatchObject({ name: 'NotAuthorizedException' });
  });
});
