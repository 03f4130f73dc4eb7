import { type IncomingMessage, type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadLinkSecret } from './link-secret';
import { readSecretString } from './secrets';

/**
 * On AWS the secrets are read through the AWS Parameters and Secrets Lambda Extension (ADR 0051):
 * an HTTP server on localhost inside the function's sandbox. Here a real HTTP server plays it,
 * answering as the extension does (the GetSecretValue response as JSON), so the request the
 * function sends — path, query, token header — is what is checked.
 */
let n = 0;
const arn = () => `arn:aws:secretsmanager:eu-west-1:123456789012:secret:relais-test/link:${n}`;

interface Seen {
  url: string;
  token: string | undefined;
}

describe('secrets on AWS, through the Parameters and Secrets extension', () => {
  const saved = { ...process.env };
  let server: Server;
  let seen: Seen[];
  let answers: { status: number; body: unknown }[];

  beforeAll(async () => {
    server = createServer((req: IncomingMessage, res) => {
      seen.push({ url: req.url ?? '', token: req.headers['x-aws-parameters-secrets-token'] as string | undefined });
      const answer = answers.shift() ?? { status: 500, body: { message: 'no answer prepared' } };
      res.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  beforeEach(() => {
    n++;
    seen = [];
    answers = [];
    process.env.PARAMETERS_SECRETS_EXTENSION_HTTP_PORT = String((server.address() as AddressInfo).port);
    process.env.AWS_SESSION_TOKEN = 'session-token-of-the-function';
    process.env.RELAIS_LINK_SECRET_ARN = arn();
    delete process.env.RELAIS_LINK_SECRET;
  });
  afterEach(() => {
    process.env = { ...saved };
  });

  it('asks the extension for the secret by its ARN, with the function’s session token, once per process', async () => {
    answers.push({
      status: 200,
      body: { ARN: arn(), Name: 'relais-test/link', SecretString: 's3cr3t-value', VersionStages: ['AWSCURRENT'] },
    });
    await expect(loadLinkSecret()).resolves.toBe('s3cr3t-value');
    await expect(loadLinkSecret()).resolves.toBe('s3cr3t-value');
    expect(seen).toHaveLength(1);
    const url = new URL(seen[0]!.url, 'http://localhost');
    expect(url.pathname).toBe('/secretsmanager/get');
    expect(url.searchParams.get('secretId')).toBe(arn());
    expect(seen[0]!.token).toBe('session-token-of-the-function');
  });

  it('does not keep a failed read: the next call asks again', async () => {
    answers.push({ status: 400, body: { message: 'not ready to serve traffic' } }, { status: 200, body: { SecretString: 'second-try' } });
    await expect(loadLinkSecret()).rejects.toThrow(/répondu 400/);
    await expect(loadLinkSecret()).resolves.toBe('second-try');
    expect(seen).toHaveLength(2);
  });

  it('refuses an empty secret', async () => {
    answers.push({ status: 200, body: { ARN: arn(), SecretBinary: 'AAEC' } });
    await expect(loadLinkSecret()).rejects.toThrow(/vide/);
  });

  it('an error names the status, never the secret', async () => {
    answers.push({ status: 403, body: { message: 'AccessDeniedException', SecretString: 'must-not-leak' } });
    const error = await readSecretString('relais/test/rdvsp/caf').catch((e: unknown) => e as Error);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toContain('403');
    expect((error as Error).message).not.toContain('must-not-leak');
  });

  it('refuses to call without the function’s session token', async () => {
    delete process.env.AWS_SESSION_TOKEN;
    await expect(readSecretString('relais/test/rdvsp/caf')).rejects.toThrow(/AWS_SESSION_TOKEN/);
    expect(seen).toHaveLength(0);
  });
});
