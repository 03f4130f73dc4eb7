import { join } from 'node:path';
import type * as LocalJwt from '../../../shared/auth/local-jwt';
import { loadSecret } from '../../../shared/auth/secrets';
import { CognitoClient } from '../../../shared/aws/cognito';
import { settings } from '../../../shared/config/settings';
import { traceClient } from '../../../shared/observability/tracer';
import { intakeErrors } from '../errors';
import { CognitoPersonTokens, type PersonTokenIssuer } from '../person-auth/cognito-person-tokens';
import type { SignInDeps } from '../use-cases/sign-in.use-cases';
import { intakeDeps } from './deps';
import { signInBase } from './sign-in.deps';

/**
 * The local stack's signer, required by a path esbuild does not follow: only the local stack
 * (which runs the TypeScript sources) signs her token itself, so the AWS bundle does not carry
 * jose (17 KB; docs/adr/0047, issue 19).
 */
const LOCAL_JWT = join(__dirname, '..', '..', '..', 'shared', 'auth', 'local-jwt');

/** Locally the stack's own key, as for the professionals' demo sign-in (ADR 0036). */
const localIssuer: PersonTokenIssuer = {
  issue: async (personId) => {
    const { LOCAL_PERSON_TOKEN_SECONDS, signLocalPersonToken } = require(LOCAL_JWT) as typeof LocalJwt;
    return { accessToken: await signLocalPersonToken(personId), expiresIn: LOCAL_PERSON_TOKEN_SECONDS };
  },
};
let cognitoIssuer: PersonTokenIssuer | undefined;

/**
 * Her token, by mode: locally the stack's key; on AWS the persons' pool (ADR 0040), whose id and
 * client the stack gives (RELAIS_PERSON_POOL_ID, RELAIS_PERSON_POOL_CLIENT_ID). A function without
 * them cannot sign her in: 503, said in French.
 */
function personTokenIssuer(): PersonTokenIssuer {
  if (settings().RELAIS_MODE === 'local') return localIssuer;
  const userPoolId = process.env.RELAIS_PERSON_POOL_ID;
  const clientId = process.env.RELAIS_PERSON_POOL_CLIENT_ID;
  if (!userPoolId || !clientId) throw intakeErrors.error('sign-in.unavailable');
  cognitoIssuer ??= new CognitoPersonTokens(traceClient(new CognitoClient()), {
    userPoolId,
    clientId,
    proofSecret: () => loadSecret('personAuth'),
    now: () => intakeDeps.clock.now(),
  });
  return cognitoIssuer;
}

/** The wiring of `POST /api/me/person/token`: the sign-in, and her token by mode. */
export const personTokenDeps: SignInDeps = { ...signInBase, issueToken: (personId) => personTokenIssuer().issue(personId) };
