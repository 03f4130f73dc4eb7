import { createHash, timingSafeEqual } from 'node:crypto';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

/**
 * The public routes' Lambda authorizer on AWS (ADR 0045): a request reaches a public route only
 * if it carries the origin header CloudFront adds (infra/constructs/api-front.ts) with the
 * stage's origin secret. API Gateway answers 401 without calling this function when the header is
 * missing (it is the authorizer's identity source), and caches a verdict per header value.
 *
 * Kept free of the rest of Relais (no settings, no logger): it is bundled alone and does one thing.
 */

/** The header CloudFront adds to every request it sends to the API (lower case: HTTP API's v2 payload). */
export const ORIGIN_HEADER = 'x-relais-origin';
/** The environment variable holding the origin secret's ARN (never its value). */
export const ORIGIN_SECRET_ARN_ENV = 'RELAIS_ORIGIN_SECRET_ARN';

/** Constant-time comparison of the given header with the secret (hashes first: equal lengths). */
export function sameSecret(given: string | undefined, expected: string): boolean {
  if (!given || !expected) return false;
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}

let expected: Promise<string> | undefined;
let client: SecretsManagerClient | undefined;

function originSecret(): Promise<string> {
  expected ??= (async () => {
    const arn = process.env[ORIGIN_SECRET_ARN_ENV];
    if (!arn) throw new Error(`Configuration invalide : ${ORIGIN_SECRET_ARN_ENV} manquant`);
    client ??= new SecretsManagerClient({});
    const { SecretString } = await client.send(new GetSecretValueCommand({ SecretId: arn }));
    if (!SecretString) throw new Error('Configuration invalide : le secret d’origine est vide');
    return SecretString;
  })().catch((error: unknown) => {
    expected = undefined; // read again by the next call, not cached
    throw error;
  });
  return expected;
}

/** Forget the secret read (tests). */
export function resetOriginSecret(): void {
  expected = undefined;
  client = undefined;
}

export interface OriginCheckEvent {
  headers?: Record<string, string | undefined>;
}

/**
 * HTTP API simple response. A failure to read the secret throws: API Gateway answers 500 (the
 * API's 5xx alarm and this function's error alarm go off) rather than letting anyone through.
 */
export async function handler(event: OriginCheckEvent): Promise<{ isAuthorized: boolean }> {
  const given = event.headers?.[ORIGIN_HEADER];
  return { isAuthorized: sameSecret(given, await originSecret()) };
}
