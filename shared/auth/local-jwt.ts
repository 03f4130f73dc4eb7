import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { exportJWK, generateKeyPair, importJWK, type JWK, type JWTPayload, jwtVerify, SignJWT } from 'jose';
import { dataDir } from '../config/data-dir';

/**
 * Local mode only: the local stack signs the same claims Cognito would put in an ID token,
 * with its own key kept under RELAIS_DATA_DIR, and verifies them as API Gateway's JWT
 * authorizer does. Nothing here is deployed to AWS.
 */
export const LOCAL_ISSUER = 'relais-local';
export const LOCAL_AUDIENCE = 'relais-spa';
export const LOCAL_TOKEN_SECONDS = 8 * 3600;

type Key = Awaited<ReturnType<typeof importJWK>>;
interface KeyPair {
  privateKey: Key;
  publicKey: Key;
}

let keys: Promise<KeyPair> | undefined;

async function loadOrCreate(): Promise<KeyPair> {
  const file = join(dataDir(), 'local-jwt-key.json');
  try {
    const jwk = JSON.parse(readFileSync(file, 'utf8')) as { private: JWK; public: JWK };
    return { privateKey: await importJWK(jwk.private, 'ES256'), publicKey: await importJWK(jwk.public, 'ES256') };
  } catch {
    const pair = await generateKeyPair('ES256', { extractable: true });
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify({ private: await exportJWK(pair.privateKey), public: await exportJWK(pair.publicKey) }), {
      mode: 0o600,
    });
    return pair;
  }
}

function localKeys(): Promise<KeyPair> {
  keys ??= loadOrCreate();
  return keys;
}

/** Forget the loaded key (another data directory), and the tokens verified with it. */
export function resetLocalKeys(): void {
  keys = undefined;
  verified.clear();
}

export interface LocalUserClaims {
  sub: string;
  name: string;
  email: string;
  username: string;
  role: string;
  organisationId: string;
  siteId: string | null;
}

export async function signLocalToken(user: LocalUserClaims): Promise<string> {
  const { privateKey } = await localKeys();
  return new SignJWT({
    name: user.name,
    email: user.email,
    'cognito:username': user.username,
    'cognito:groups': [user.role],
    'custom:organisationId': user.organisationId,
    ...(user.siteId ? { 'custom:siteId': user.siteId } : {}),
    token_use: 'id',
  })
    .setProtectedHeader({ alg: 'ES256', typ: 'JWT' })
    .setSubject(user.sub)
    .setIssuer(LOCAL_ISSUER)
    .setAudience(LOCAL_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${LOCAL_TOKEN_SECONDS}s`)
    .sign(privateKey);
}

/**
 * A staff account of the local ProConnect-like sign-in (ADR 0041), signed as Cognito signs a
 * federated user's ID token: no group and no organisation until an administrator assigns them
 * (the kernel answers 403 `kernel.account.pending` meanwhile), `custom:siret` when given.
 */
export async function signLocalAccountToken(account: {
  sub: string;
  name: string;
  email: string;
  role?: string;
  organisationId?: string;
  siret?: string;
}): Promise<string> {
  const { privateKey } = await localKeys();
  return new SignJWT({
    name: account.name,
    email: account.email,
    'cognito:username': `ProConnect_${account.sub}`,
    'cognito:groups': account.role ? [account.role] : [],
    ...(account.organisationId ? { 'custom:organisationId': account.organisationId } : {}),
    ...(account.siret ? { 'custom:siret': account.siret } : {}),
    token_use: 'id',
  })
    .setProtectedHeader({ alg: 'ES256', typ: 'JWT' })
    .setSubject(account.sub)
    .setIssuer(LOCAL_ISSUER)
    .setAudience(LOCAL_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${LOCAL_TOKEN_SECONDS}s`)
    .sign(privateKey);
}

/** How long the person's own token lasts (« Mon espace »): shorter than a professional's. */
export const LOCAL_PERSON_TOKEN_SECONDS = 3600;

/**
 * The person's token (« Mon espace », SECURITY.md): role `personne` and her person id only, no
 * organisation, no name. Local mode only; who may obtain one (code, invitation) is decided
 * before this is called.
 */
export async function signLocalPersonToken(personId: string): Promise<string> {
  const { privateKey } = await localKeys();
  return new SignJWT({ 'cognito:groups': ['personne'], 'custom:personId': personId, token_use: 'id' })
    .setProtectedHeader({ alg: 'ES256', typ: 'JWT' })
    .setSubject(`personne:${personId}`)
    .setIssuer(LOCAL_ISSUER)
    .setAudience(LOCAL_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${LOCAL_PERSON_TOKEN_SECONDS}s`)
    .sign(privateKey);
}

/**
 * Tokens whose signature, issuer and audience were verified, by their exact text: the same
 * bytes verify the same way each time, so a token sent again is not verified again (an ES256
 * verification is about half a millisecond of the local gateway's CPU per request). Its time
 * claims are still checked at each request. Bounded: past the limit it starts afresh.
 */
const verified = new Map<string, JWTPayload>();
const VERIFIED_TOKENS_KEPT = 1000;

/** `exp` and `nbf` as jose checks them (seconds, no tolerance): still in force at `nowSeconds`. */
function inForce(payload: JWTPayload, nowSeconds: number): boolean {
  if (typeof payload.exp !== 'number' || payload.exp <= nowSeconds) return false;
  return typeof payload.nbf !== 'number' || payload.nbf <= nowSeconds;
}

/** Verify a bearer token as the JWT authorizer would; `undefined` when invalid. */
export async function verifyLocalToken(token: string, now = Date.now()): Promise<JWTPayload | undefined> {
  const nowSeconds = Math.floor(now / 1000);
  const known = verified.get(token);
  if (known) {
    if (inForce(known, nowSeconds)) return { ...known };
    verified.delete(token);
    return undefined;
  }
  try {
    const { publicKey } = await localKeys();
    const { payload } = await jwtVerify(token, publicKey, {
      issuer: LOCAL_ISSUER,
      audience: LOCAL_AUDIENCE,
      algorithms: ['ES256'],
      currentDate: new Date(nowSeconds * 1000),
    });
    // A token without an expiry is not kept (none is signed here without one).
    if (typeof payload.exp !== 'number') return payload;
    if (verified.size >= VERIFIED_TOKENS_KEPT) verified.clear();
    verified.set(token, payload);
    return { ...payload };
  } catch {
    return undefined;
  }
}
