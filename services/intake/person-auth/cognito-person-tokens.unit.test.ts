import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminInitiateAuthCommand,
  AdminRespondToAuthChallengeCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  UserNotFoundException,
} from '@aws-sdk/client-cognito-identity-provider';
import { mockClient } from 'aws-sdk-client-mock';
import { CognitoPersonTokens } from './cognito-person-tokens';
import { verifyProof } from './proof';

const SECRET = 'the-person-auth-secret-0123456789abcdef';
const NOW = new Date('2026-12-07T10:00:00.000Z');
const POOL = 'eu-west-3_Persons';
const CLIENT = 'mon-espace-client';
const cognito = mockClient(CognitoIdentityProviderClient);
afterAll(() => cognito.restore());

const issuer = new CognitoPersonTokens(new CognitoIdentityProviderClient({}), {
  userPoolId: POOL,
  clientId: CLIENT,
  proofSecret: async () => SECRET,
  now: () => NOW,
});

beforeEach(() => {
  cognito.reset();
  cognito.on(AdminInitiateAuthCommand).resolves({ ChallengeName: 'CUSTOM_CHALLENGE', Session: 'session-1' });
  cognito.on(AdminRespondToAuthChallengeCommand).resolves({ AuthenticationResult: { IdToken: 'id.token.jwt', ExpiresIn: 3600 } });
});

const sent = () => cognito.calls().map((c) => c.args[0].constructor.name);

describe('her token from the persons’ pool (ADR 0040, Cognito mocked)', () => {
  it('on first use creates her user (no message, her immutable person id), confirms it, puts it in « personne », then signs her in', async () => {
    cognito.on(AdminGetUserCommand).rejects(new UserNotFoundException({ message: 'User does not exist.', $metadata: {} }));
    expect(await issuer.issue('P-1')).toEqual({ accessToken: 'id.token.jwt', expiresIn: 3600 });
    expect(sent()).toEqual([
      'AdminGetUserCommand',
      'AdminCreateUserCommand',
      'AdminSetUserPasswordCommand',
      'AdminAddUserToGroupCommand',
      'AdminInitiateAuthCommand',
      'AdminRespondToAuthChallengeCommand',
    ]);
    expect(cognito.commandCalls(AdminCreateUserCommand)[0]!.args[0].input).toEqual({
      UserPoolId: POOL,
      Username: 'P-1',
      MessageAction: 'SUPPRESS',
      UserAttributes: [{ Name: 'custom:personId', Value: 'P-1' }],
    });
    const password = cognito.commandCalls(AdminSetUserPasswordCommand)[0]!.args[0].input;
    expect(password).toMatchObject({ UserPoolId: POOL, Username: 'P-1', Permanent: true });
    expect(password.Password).toMatch(/^.{64}$/);
    expect(cognito.commandCalls(AdminAddUserToGroupCommand)[0]!.args[0].input).toEqual({
      UserPoolId: POOL,
      Username: 'P-1',
      GroupName: 'personne',
    });
  });

  it('signs a known person in with the custom flow and answers the challenge with a valid proof for her only', async () => {
    cognito.on(AdminGetUserCommand).resolves({ Username: 'P-2' });
    await issuer.issue('P-2');
    expect(sent()).toEqual(['AdminGetUserCommand', 'AdminInitiateAuthCommand', 'AdminRespondToAuthChallengeCommand']);
    expect(cognito.commandCalls(AdminInitiateAuthCommand)[0]!.args[0].input).toEqual({
      UserPoolId: POOL,
      ClientId: CLIENT,
      AuthFlow: 'CUSTOM_AUTH',
      AuthParameters: { USERNAME: 'P-2' },
    });
    const answer = cognito.commandCalls(AdminRespondToAuthChallengeCommand)[0]!.args[0].input;
    expect(answer).toMatchObject({
      UserPoolId: POOL,
      ClientId: CLIENT,
      ChallengeName: 'CUSTOM_CHALLENGE',
      Session: 'session-1',
      ChallengeResponses: { USERNAME: 'P-2' },
    });
    const proof = answer.ChallengeResponses!.ANSWER;
    expect(verifyProof(SECRET, 'P-2', proof, NOW)).toBe(true);
    expect(verifyProof(SECRET, 'P-3', proof, NOW)).toBe(false);
  });

  it('fails (no token) when Cognito does not ask the custom challenge or gives no token', async () => {
    cognito.on(AdminGetUserCommand).resolves({ Username: 'P-2' });
    cognito.on(AdminInitiateAuthCommand).resolves({ ChallengeName: 'NEW_PASSWORD_REQUIRED', Session: 's' });
    await expect(issuer.issue('P-2')).rejects.toThrow(/custom challenge/);
    cognito.on(AdminInitiateAuthCommand).resolves({ ChallengeName: 'CUSTOM_CHALLENGE', Session: 's' });
    cognito.on(AdminRespondToAuthChallengeCommand).resolves({ ChallengeName: 'CUSTOM_CHALLENGE', Session: 's2' });
    await expect(issuer.issue('P-2')).rejects.toThrow(/no token/);
  });

  it('does not create anyone when Cognito fails otherwise than « user not found »', async () => {
    cognito.on(AdminGetUserCommand).rejects(Object.assign(new Error('throttled'), { name: 'TooManyRequestsException' }));
    await expect(issuer.issue('P-4')).rejects.toThrow('throttled');
    expect(sent()).toEqual(['AdminGetUserCommand']);
  });
});
