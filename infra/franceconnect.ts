import { SecretValue } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import type { Construct } from 'constructs';

/**
 * FranceConnect, the State's identity federation for the public (issue 15, point 1; ADRs 0036 and
 * 0040), as an OIDC identity provider of the persons' user pool, configured per stage:
 * `relais:franceConnect` = `{ "issuer": "https://…", "clientId": "…", "secretName": "…" }` for every
 * stage, or `{ "<stage>": { … } }`. Absent: no provider, and her app client offers no hosted UI (she
 * signs in with a code or an invitation). The client secret FranceConnect gives stays in Secrets
 * Manager (`secretName`, created by ops): the template holds a dynamic reference, never the value.
 */
export interface FranceConnectConfig {
  issuer: string;
  clientId: string;
  secretName: string;
}

/** The provider's name in the persons' pool (the SPA names it to go straight to FranceConnect). */
export const FRANCECONNECT_PROVIDER = 'FranceConnect';
/** What Relais asks FranceConnect for (ADR 0036); only `sub` is kept in the pool. */
export const FRANCECONNECT_SCOPES = ['openid', 'given_name', 'family_name', 'birthdate'];
/** Where FranceConnect sends her back, on the SPA's domain. */
export const FRANCECONNECT_CALLBACK_PATH = '/mon-espace';

const ISSUER = /^https:\/\/[a-z0-9.-]+(:\d+)?(\/[\w./-]*)?$/i;
const SECRET_NAME = /^[\w/+=.@-]{1,512}$/;

/** The stage's FranceConnect settings, checked at synthesis (a typo fails the synth, naming the key). */
export function franceConnectConfig(value: unknown, stage: string): FranceConnectConfig | undefined {
  let raw: unknown = value;
  if (typeof value === 'string' && value.trim().startsWith('{')) {
    try {
      raw = JSON.parse(value);
    } catch {
      throw new Error('relais:franceConnect : JSON illisible, attendu { issuer, clientId, secretName }');
    }
  }
  if (raw === undefined || raw === null || raw === '') return undefined;
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new Error('relais:franceConnect : attendu { issuer, clientId, secretName }');
  if (!('issuer' in raw)) raw = (raw as Record<string, unknown>)[stage];
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    throw new Error(`relais:franceConnect (${stage}) : attendu { issuer, clientId, secretName }`);
  }
  const { issuer, clientId, secretName } = raw as Record<string, unknown>;
  const problems: string[] = [];
  if (typeof issuer !== 'string' || !ISSUER.test(issuer)) problems.push('issuer (une adresse https)');
  if (typeof clientId !== 'string' || clientId.trim().length === 0) problems.push('clientId');
  if (typeof secretName !== 'string' || !SECRET_NAME.test(secretName)) problems.push('secretName (le nom d’un secret de Secrets Manager)');
  if (problems.length > 0) throw new Error(`relais:franceConnect (${stage}) : à corriger : ${problems.join(', ')}`);
  return { issuer: issuer as string, clientId: (clientId as string).trim(), secretName: secretName as string };
}

/**
 * The provider on the persons' pool. Attribute mapping: only `sub`, kept as the provider's user id
 * (the federated user is `FranceConnect_<sub>`): no name and no birth date are stored in the pool
 * (they stay in intake, and she is matched to her record only by the identity link a professional
 * confirms, never by name or birth date — ADR 0036).
 */
export function addFranceConnect(
  scope: Construct,
  userPool: cognito.IUserPool,
  config: FranceConnectConfig,
): cognito.UserPoolIdentityProviderOidc {
  return new cognito.UserPoolIdentityProviderOidc(scope, 'FranceConnect', {
    userPool,
    name: FRANCECONNECT_PROVIDER,
    clientId: config.clientId,
    // A CloudFormation dynamic reference ({{resolve:secretsmanager:…}}), resolved at deploy: not the value.
    clientSecret: SecretValue.secretsManager(config.secretName).unsafeUnwrap(),
    issuerUrl: config.issuer,
    scopes: FRANCECONNECT_SCOPES,
    attributeRequestMethod: cognito.OidcAttributeRequestMethod.GET,
    attributeMapping: { custom: { username: cognito.ProviderAttribute.other('sub') } },
  });
}
