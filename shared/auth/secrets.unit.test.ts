import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { loadLinkSecret } from './link-secret';

let n = 0;
const arn = () => `arn:aws:secretsmanager:eu-west-1:123456789012:secret:relais-test-link-${n}`;

describe('loadSecret on AWS (the link secret)', () => {
  const secrets = mockClient(SecretsManagerClient);
  const saved = { ...process.env };

  beforeEach(() => {
    secrets.reset();
    n++;
    process.env.RELAIS_LINK_SECRET_ARN = arn();
    delete process.env.RELAIS_LINK_SECRET;
  });
  afterEach(() => {
    process.env = { ...saved };
  });

  it('reads the secret from Secrets Manager by its ARN once per process', async () => {
    secrets.on(GetSecretValueCommand, { SecretId: arn() }).resolves({ SecretString: 's3cr3t-value' });
    await expect(loadLinkSecret()).resolves.toBe('s3cr3t-value');
    await expect(loadLinkSecret()).resolves.toBe('s3cr3t-value');
    expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(1);
    expect(secrets.commandCalls(GetSecretValueCommand)[0]!.args[0].input).toEqual({ SecretId: arn() });
  });

  it('does not keep a failed read: the next call asks again', async () => {
    secrets.on(GetSecretValueCommand).rejectsOnce(new Error('throttled')).resolves({ SecretString: 'second-try' });
    await expect(loadLinkSecret()).rejects.toThrow('throttled');
    await expect(loadLinkSecret()).resolves.toBe('second-try');
    expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(2);
  });

  it('refuses an empty secret', async () => {
    secrets.on(GetSecretValueCommand).resolves({});
    await expect(loadLinkSecret()).rejects.toThrow(/vide/);
  });
});
