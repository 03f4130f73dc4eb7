import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { settings } from '../config/settings';
import { dataDir } from './local-jwt';

let cached: string | undefined;
const fetched = new Map<string, Promise<string>>();

/**
 * The secret that signs links given to partners (see signed-link.ts). On AWS the stack provides
 * it in RELAIS_LINK_SECRET; the local stack makes one at first use and keeps it under
 * RELAIS_DATA_DIR, like its token key.
 */
export function linkSecret(): string {
  if (process.env.RELAIS_LINK_SECRET) return process.env.RELAIS_LINK_SECRET;
  if (cached) return cached;
  if (settings().RELAIS_MODE !== 'local') throw new Error('Configuration invalide : RELAIS_LINK_SECRET manquant');
  const file = join(dataDir(), 'link-secret');
  try {
    cached = readFileSync(file, 'utf8').trim();
  } catch {
    cached = randomBytes(32).toString('base64url');
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, cached, { mode: 0o600 });
  }
  return cached;
}

/**
 * The link secret for code that may run on AWS. There the stack passes the ARN of a Secrets
 * Manager secret (RELAIS_LINK_SECRET_ARN), read once per process: the value never sits in the
 * function's configuration or the CloudFormation template. Elsewhere, `linkSecret()`.
 */
export function loadLinkSecret(): Promise<string> {
  const arn = process.env.RELAIS_LINK_SECRET_ARN;
  if (!arn || process.env.RELAIS_LINK_SECRET) return Promise.resolve().then(linkSecret);
  let secret = fetched.get(arn);
  if (!secret) {
    secret = fetchSecret(arn).catch((error: unknown) => {
      fetched.delete(arn); // a failed read is retried by the next request, not cached
      throw error;
    });
    fetched.set(arn, secret);
  }
  return secret;
}

async function fetchSecret(arn: string): Promise<string> {
  const { SecretsManagerClient, GetSecretValueCommand } = await import('@aws-sdk/client-secrets-manager');
  const { SecretString } = await new SecretsManagerClient({}).send(new GetSecretValueCommand({ SecretId: arn }));
  if (!SecretString) throw new Error('Configuration invalide : le secret des liens signés est vide');
  return SecretString;
}
