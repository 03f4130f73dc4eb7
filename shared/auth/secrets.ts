import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { dataDir } from '../config/data-dir';
import { settings } from '../config/settings';

/**
 * The platform's own secrets. On AWS each is a Secrets Manager secret made by the stack: the
 * functions whose manifest lists it in `needs.secrets` receive its ARN (`<env>_ARN`), never its
 * value, and read it once per process through the AWS Parameters and Secrets Lambda Extension
 * (`readSecretString`, ADR 0051). Locally the value may be given in `<env>`; otherwise the
 * local stack makes one at first use and keeps it under RELAIS_DATA_DIR.
 */
export const SECRETS = {
  /** Signs the links partners answer referrals with (shared/auth/signed-link.ts). */
  link: { env: 'RELAIS_LINK_SECRET', file: 'link-secret', what: 'des liens signés' },
  /** Keys the hashes surveys match phone numbers with (an opt-out is found by its hash). */
  phoneHash: { env: 'RELAIS_PHONE_HASH_SECRET', file: 'phone-hash-secret', what: 'des empreintes de numéros' },
  /** Keys the hashes the indicators count distinct persons with (no person id is kept). */
  indicatorsKey: { env: 'RELAIS_INDICATORS_KEY', file: 'indicators-key', what: 'des empreintes de personnes des indicateurs' },
  /**
   * Keys the proofs intake answers the persons' pool's custom challenge with (AWS only, ADR 0040):
   * intake signs, the pool's *Verify auth challenge* Lambda checks.
   */
  personAuth: { env: 'RELAIS_PERSON_AUTH_SECRET', file: 'person-auth-secret', what: 'des preuves de connexion des personnes' },
} as const;
export type SecretName = keyof typeof SECRETS;

export const secretArnEnv = (name: SecretName) => `${SECRETS[name].env}_ARN`;

const local = new Map<SecretName, string>();
const fetched = new Map<string, Promise<string>>();

/** The secret from the environment, or the local stack's file (local mode only). */
export function localSecret(name: SecretName): string {
  const spec = SECRETS[name];
  const given = process.env[spec.env];
  if (given) return given;
  const known = local.get(name);
  if (known) return known;
  if (settings().RELAIS_MODE !== 'local') throw new Error(`Configuration invalide : ${spec.env} manquant`);
  const file = join(dataDir(), spec.file);
  let value: string;
  try {
    value = readFileSync(file, 'utf8').trim();
  } catch {
    value = randomBytes(32).toString('base64url');
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, value, { mode: 0o600 });
  }
  local.set(name, value);
  return value;
}

/** Forget the local values read (tests switch data directories). */
export function resetLocalSecrets(): void {
  local.clear();
}

/** The secret for code that may run on AWS: from Secrets Manager by ARN when the stack gives one, else `localSecret`. */
export function loadSecret(name: SecretName): Promise<string> {
  const arn = process.env[secretArnEnv(name)];
  if (!arn || process.env[SECRETS[name].env]) return Promise.resolve().then(() => localSecret(name));
  let secret = fetched.get(arn);
  if (!secret) {
    secret = fetchSecret(arn, SECRETS[name].what).catch((error: unknown) => {
      fetched.delete(arn); // a failed read is retried by the next request, not cached
      throw error;
    });
    fetched.set(arn, secret);
  }
  return secret;
}

async function fetchSecret(arn: string, what: string): Promise<string> {
  const value = await readSecretString(arn);
  if (!value) throw new Error(`Configuration invalide : le secret ${what} est vide`);
  return value;
}

/** How long a read through the extension may take before the request gives up (the routes' own timeout is 10 s). */
const EXTENSION_TIMEOUT_MS = 5_000;

/**
 * One secret's current value on AWS (`SecretString`, undefined when the secret holds none), read
 * through the AWS Parameters and Secrets Lambda Extension that the stack adds to every function
 * reading a secret (ADR 0051): an HTTP GET to the extension on localhost, authenticated by the
 * function's own session token, which calls Secrets Manager with the function's role and caches
 * the value. No Secrets Manager client is bundled in the function.
 *
 * The port is the extension's own setting (`PARAMETERS_SECRETS_EXTENSION_HTTP_PORT`, 2773 by
 * default). An answer other than 200 is an error naming the status only (never the secret).
 */
export async function readSecretString(secretId: string): Promise<string | undefined> {
  const token = process.env.AWS_SESSION_TOKEN;
  if (!token) throw new Error('Secrets Manager : AWS_SESSION_TOKEN absent, l’extension Parameters and Secrets ne peut être appelée');
  const port = process.env.PARAMETERS_SECRETS_EXTENSION_HTTP_PORT || '2773';
  const response = await fetch(`http://localhost:${port}/secretsmanager/get?secretId=${encodeURIComponent(secretId)}`, {
    headers: { 'X-Aws-Parameters-Secrets-Token': token },
    signal: AbortSignal.timeout(EXTENSION_TIMEOUT_MS),
  });
  if (!response.ok) {
    await response.body?.cancel();
    throw new Error(`Secrets Manager : l’extension Parameters and Secrets a répondu ${response.status}`);
  }
  const body = (await response.json()) as { SecretString?: unknown };
  return typeof body.SecretString === 'string' ? body.SecretString : undefined;
}
