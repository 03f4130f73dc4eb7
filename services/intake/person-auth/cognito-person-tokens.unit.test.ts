import { CognitoClient } from '../../../shared/aws/cognito';
import { type Answer, type AwsHttpServer, type ReceivedRequest, startAwsHttpServer } from '../../../shared/testing/aws-http-server';
import { CognitoPersonTokens } from './cognito-person-tokens';
import { verifyProof } from './proof';

const SECRET = 'the-person-auth-secret-0123456789abcdef';
const NOW = new Date('2026-12-07T10:00:00.000Z');
const POOL = 'eu-west-3_Persons';
const CLIENT = 'mon-espace-client';

/** Cognito played by a real local HTTP server answering as its JSON 1.1 API does (ADR 0059), per operation. */
let cognito: AwsHttpServer;
let answers: Record<string, Answer>;
let issuer: CognitoPersonTokens;
beforeAll(async () => {
  cognito = await startAwsHttpServer();
  cognito.answer = (request) => answers[operation(request)] ?? { status: 200, body: {} };
  const client = new CognitoClient({
    endpoint: cognito.endpoint,
    region: 'eu-west-3',
    credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' },
    retryBaseMs: 1,
  });
  issuer = new CognitoPersonTokens(client, { userPoolId: POOL, clientId: CLIENT, proofSecret: async () => SECRET, now: () => NOW });
});
afterAll(() => cognito.close());

beforeEach(() => {
  cognito.requests.length = 0;
  answers = {
    AdminGetUser: { status: 200, body: { Username: 'P-2', UserStatus: 'CONFIRMED' } },
    AdminInitiateAuth: { status: 200, body: { ChallengeName: 'CUSTOM_CHALLENGE', Session: 'session-1' } },
    AdminRespondToAuthChallenge: { status: 200, body: { AuthenticationResult: { IdToken: 'id.token.jwt', ExpiresIn: 3600 } } },
  };
});

const PREFIX = 'AWSCognitoIdentityProviderService.';
const operation = (request: ReceivedRequest) => (request.headers['x-amz-target'] ?? '').replace(PREFIX, '');
const sent = () => cognito.requests.map(operation);
const inputOf = (name: string) => JSON.parse(cognito.requests.find((r) => operation(r) === name)?.body ?? 'null');
const notFound: Answer = { status: 400, body: { __type: 'UserNotFoundException', message: 'User does not exist.' } };

describe('her token from the persons’ pool (ADR 0040, Cognito played by a local server)', () => {
  it('on first use creates her user (no message, her immutable person id), confirms it, puts it in « personne », then signs her in', async () => {
    answers.AdminGetUser = notFound;
    expect(await issuer.issue('P-1')).toEqual({ accessToken: 'id.token.jwt', expiresIn: 3600 });
    expect(sent()).toEqual([
      'AdminGetUser',
      'AdminCreateUser',
      'AdminSetUserPassword',
      'AdminAddUserToGroup',
      'AdminInitiateAuth',
      'AdminRespondToAuthChallenge',
    ]);
    for (const request of cognito.requests) {
      expect(request).toMatchObject({ method: 'POST', path: '/' });
      expect(request.headers['content-type']).toBe('application/x-amz-json-1.1');
      expect(request.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDTEST\/\d{8}\/eu-west-3\/cognito-idp\/aws4_request, /);
    }
    expect(inputOf('AdminGetUser')).toEqual({ UserPoolId: POOL, Username: 'P-1' });
    expect(inputOf('AdminCreateUser')).toEqual({
      UserPoolId: POOL,
      Username: 'P-1',
      MessageAction: 'SUPPRESS',
      UserAttributes: [{ Name: 'custom:personId', Value: 'P-1' }],
    });
    const password = inputOf('AdminSetUserPassword');
    expect(password).toMatchObject({ UserPoolId: POOL, Username: 'P-1', Permanent: true });
    expect(password.Password).toMatch(/^.{64}$/);
    expect(inputOf('AdminAddUserToGroup')).toEqual({ UserPoolId: POOL, Username: 'P-1', GroupName: 'personne' });
  });

  it('goes on when another first sign-in created her meanwhile (UsernameExistsException)', async () => {
    answers.AdminGetUser = notFound;
    answers.AdminCreateUser = { status: 400, body: { __type: 'UsernameExistsException', message: 'User account already exists' } };
    expect(await issuer.issue('P-1')).toEqual({ accessToken: 'id.token.jwt', expiresIn: 3600 });
    expect(sent()).toEqual([
      'AdminGetUser',
      'AdminCreateUser',
      'AdminSetUserPassword',
      'AdminAddUserToGroup',
      'AdminInitiateAuth',
      'AdminRespondToAuthChallenge',
    ]);
  });

  it('stops when creating her fails otherwise (no password set, no token)', async () => {
    answers.AdminGetUser = notFound;
    answers.AdminCreateUser = { status: 400, body: { __type: 'InvalidParameterException', message: 'bad attribute' } };
    await expect(issuer.issue('P-1')).rejects.toMatchObject({ name: 'InvalidParameterException' });
    expect(sent()).toEqual(['AdminGetUser', 'AdminCreateUser']);
  });

  it('signs a known person in with the custom flow and answers the challenge with a valid proof for her only', async () => {
    await issuer.issue('P-2');
    expect(sent()).toEqual(['AdminGetUser', 'AdminInitiateAuth', 'AdminRespondToAuthChallenge']);
    expect(inputOf('AdminInitiateAuth')).toEqual({
      UserPoolId: POOL,
      ClientId: CLIENT,
      AuthFlow: 'CUSTOM_AUTH',
      AuthParameters: { USERNAME: 'P-2' },
    });
    const answer = inputOf('AdminRespondToAuthChallenge');
    expect(answer).toMatchObject({
      UserPoolId: POOL,
      ClientId: CLIENT,
      ChallengeName: 'CUSTOM_CHALLENGE',
      Session: 'session-1',
      ChallengeResponses: { USERNAME: 'P-2' },
    });
    const proof = answer.ChallengeResponses.ANSWER;
    expect(verifyProof(SECRET, 'P-2', proof, NOW)).toBe(true);
    expect(verifyProof(SECRET, 'P-3', proof, NOW)).toBe(false);
  });

  it('fails (no token) when Cognito does not ask the custom challenge or gives no token', async () => {
    answers.AdminInitiateAuth = { status: 200, body: { ChallengeName: 'NEW_PASSWORD_REQUIRED', Session: 's' } };
    await expect(issuer.issue('P-2')).rejects.toThrow(/custom challenge/);
    answers.AdminInitiateAuth = { status: 200, body: { ChallengeName: 'CUSTOM_CHALLENGE', Session: 's' } };
    answers.AdminRespondToAuthChallenge = { status: 200, body: { ChallengeName: 'CUSTOM_CHALLENGE', Session: 's2' } };
    await expect(issuer.issue('P-2')).rejects.toThrow(/no token/);
  });

  it('does not create anyone when Cognito fails otherwise than « user not found » (throttled after its retries, 5xx)', async () => {
    answers.AdminGetUser = { status: 400, body: { __type: 'TooManyRequestsException', message: 'throttled' } };
    await expect(issuer.issue('P-4')).rejects.toMatchObject({ name: 'TooManyRequestsException', message: 'throttled' });
    expect(sent()).toEqual(['AdminGetUser', 'AdminGetUser', 'AdminGetUser']);
    cognito.requests.length = 0;
    answers.AdminGetUser = { status: 500, body: { __type: 'InternalErrorException', message: 'oops' } };
    await expect(issuer.issue('P-4')).rejects.toMatchObject({ name: 'InternalErrorException' });
    expect(sent()).toEqual(['AdminGetUser', 'AdminGetUser', 'AdminGetUser']);
  });
});
