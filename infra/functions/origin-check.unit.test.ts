import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { ORIGIN_HEADER, ORIGIN_SECRET_ARN_ENV, handler, resetOriginSecret, sameSecret } from './origin-check';

/** The public routes' authorizer (ADR 0045): only CloudFront's origin header lets a request through. */
const secrets = mockClient(SecretsManagerClient);
const ARN = 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:OriginSecret-AbCdEf';
const SECRET = 'c2VjcmV0LWQtb3JpZ2luZS1kdS1kaXN0cmlidXRpb24tY2xvdWRmcm9udA';

beforeEach(() => {
  secrets.reset();
  resetOriginSecret();
  process.env[ORIGIN_SECRET_ARN_ENV] = ARN;
});
afterAll(() => {
  delete process.env[ORIGIN_SECRET_ARN_ENV];
});

describe('origin check (public routes on AWS)', () => {
  it('lets through a request carrying the origin secret, reading the secret once by its ARN', async () => {
    secrets.on(GetSecretValueCommand, { SecretId: ARN }).resolves({ SecretString: SECRET });
    expect(await handler({ headers: { [ORIGIN_HEADER]: SECRET } })).toEqual({ isAuthorized: true });
    expect(await handler({ headers: { [ORIGIN_HEADER]: SECRET } })).toEqual({ isAuthorized: true });
    expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(1);
  });

  it('refuses a request without the header, with another value, or with the secret elsewhere', async () => {
    secrets.on(GetSecretValueCommand).resolves({ SecretString: SECRET });
    expect(await handler({ headers: {} })).toEqual({ isAuthorized: false });
    expect(await handler({})).toEqual({ isAuthorized: false });
    expect(await handler({ headers: { [ORIGIN_HEADER]: `${SECRET}x` } })).toEqual({ isAuthorized: false });
    expect(await handler({ headers: { [ORIGIN_HEADER]: SECRET.slice(0, -1) } })).toEqual({ isAuthorized: false });
    expect(await handler({ headers: { authorization: SECRET } })).toEqual({ isAuthorized: false });
  });

  it('fails (never lets through) when the secret cannot be read, and reads it again next time', async () => {
    secrets.on(GetSecretValueCommand).rejectsOnce(new Error('AccessDenied')).resolves({ SecretString: SECRET });
    await expect(handler({ headers: { [ORIGIN_HEADER]: SECRET } })).rejects.toThrow('AccessDenied');
    expect(await handler({ headers: { [ORIGIN_HEADER]: SECRET } })).toEqual({ isAuthorized: true });
    expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(2);
  });

  it('fails without the secret’s ARN, in French', async () => {
    delete process.env[ORIGIN_SECRET_ARN_ENV];
    await expect(handler({ headers: { [ORIGIN_HEADER]: SECRET } })).rejects.toThrow(/Configuration invalide : RELAIS_ORIGIN_SECRET_ARN manquant/);
  });

  it('never matches an empty secret', () => {
    expect(sameSecret('', '')).toBe(false);
    expect(sameSecret(undefined, SECRET)).toBe(false);
    expect(sameSecret(SECRET, '')).toBe(false);
  });
});
