import { SecretValue } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import type { Construct } from 'constructs';

/**
 * ProConnect, the State's identity federation for its agents (issue 18, point 7; ADR 0041), as an
 * OIDC identity provider of the staff user pool, configured per stage:
 * `relais:proConnect` = `{ "issuer": "https://…", "clientId": "…", "secretName": "…" }` for every
 * stage, or `{ "<stage>": { … } }`. Absent: no provider (e-mail and password only). The client
 * secret DINUM gives stays in Secrets Manager (`secretName`, created by ops): the template holds a
 * dynamic reference, never the value.
 */
export interface ProConnectConfig {
  issuer: string;
  clientId: string;
  secretName: string;
}

/** The provider's name in the pool (the SPA names it to go straight to ProConnect). */
export const PROCONNECT_PROVIDER = 'ProConnect';
/** The staff pool's attribute holding the SIRET ProConnect gives (`siret` claim), mapped at every sign-in. */
export const SIRET_ATTRIBUTE = 'custom:siret';
/** What Relais asks ProConnect for: who the agent is and the SIRET of the organisation they sign in for. */
export const PROCONNECT_SCOPES = ['openid', 'email', 'given_name', 'usual_name', 'siret'];

const ISSUER = /^https:\/\/[a-z0-9.-]+(:\d+)?(\/[\w./-]*)?$/i;
const SECRET_NAME = /^[\w/+=.@-]{1,512}$/;

/** The stage's ProConnect settings, checked at synthesis (a typo fails the synth, naming the key). */
export function proConnectConfig(value: unknown, stage: string): ProConnectConfig | undefined {
  let raw = typeof value === 'string' && value.trim().startsWith('{') ? JSON.parse(value) : value;
  if (raw === undefined || raw === null || raw === '') return undefined;
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new Error('relais:proConnect : attendu { issuer, clientId, secretName }');
  if (!('issuer' in raw)) raw = (raw as Record<string, unknown>)[stage];
  if (raw === undefined || raw === null) return undefined;
  const { issuer, clientId, secretName } = raw as Record<string, unknown>;
  const problems: string[] = [];
  if (typeof issuer !== 'string' || !ISSUER.test(issuer)) problems.push('issuer (une adresse https)');
  if (typeof clientId !== 'string' || clientId.trim().length === 0) problems.push('clientId');
  if (typeof secretName !== 'string' || !SECRET_NAME.test(secretName)) problems.push('secretName (le nom d’un secret de Secrets Manager)');
  if (problems.length > 0) throw new Error(`relais:proConnect (${stage}) : à corriger : ${problems.join(', ')}`);
  return { issuer: issuer as string, clientId: (clientId as string).trim(), secretName: secretName as string };
}

/**
 * The provider on the pool. Attribute mapping: `email` → e-mail, `given_name` → given name,
 * `usual_name` → family name and the required full name, `siret` → `custom:siret`. No group and no
 * organisation come from ProConnect: an administrator assigns them at the first sign-in
 * (`POST /api/accounts/{id}/assignment`, which lists the SIRET to match the organisation).
 */
export function addProConnect(
  scope: Construct,
  userPool: cognito.IUserPool,
  config: ProConnectConfig,
): cognito.UserPoolIdentityProviderOidc {
  return new cognito.UserPoolIdentityProviderOidc(scope, 'ProConnect', {
    userPool,
    name: PROCONNECT_PROVIDER,
    clientId: config.clientId,
    // A CloudFormation dynamic reference ({{resolve:secretsmanager:…}}), resolved at deploy: not the value.
    clientSecret: SecretValue.secretsManager(config.secretName).unsafeUnwrap(),
    issuerUrl: config.issuer,
    scopes: PROCONNECT_SCOPES,
    attributeRequestMethod: cognito.OidcAttributeRequestMethod.GET,
    attributeMapping: {
      email: cognito.ProviderAttribute.other('email'),
      givenName: cognito.ProviderAttribute.other('given_name'),
      familyName: cognito.ProviderAttribute.other('usual_name'),
      fullname: cognito.ProviderAttribute.other('usual_name'),
      // The organisation the agent signed in for: shown in the pending list, so that the
      // administrator picks the matching organisation (never the organisation itself: an admin decides it).
      custom: { [SIRET_ATTRIBUTE]: cognito.ProviderAttribute.other('siret') },
    },
  });
}
