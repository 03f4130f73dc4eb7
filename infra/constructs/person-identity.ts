import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { intakeService } from '../../services/intake/service';
import { secretArnEnv } from '../../shared/auth/secrets';
import { tableEnvName } from '../../shared/manifest/manifest';
import { PERSON_GROUP } from '../../services/intake/person-auth/cognito-person-tokens';
import { type FranceConnectConfig, addFranceConnect } from '../franceconnect';
import { REASONS, acknowledge } from '../compliance';
import { RelaisFunction } from './relais-function';

export interface PersonDirectoryProps {
  stage: string;
  /** The `personAuth` platform secret (stateful stack): the Verify trigger checks intake's proofs with it. */
  proofSecret: secretsmanager.ISecret;
  secretsKey: kms.IKey;
  /** Intake's table (stateful stack, like the pool), where the identity links' `FC#<sub>` entries are. */
  identityLinks: { table: dynamodb.ITable; tableName: string; dataKey: kms.IKey };
}

/** The table of the identity links the Pre token generation trigger reads (intake's, ADR 0040). */
export const PERSON_LINKS_TABLE = { service: 'intake', table: 'main' } as const;
/** The only items the trigger may read: the index entries `FC#<sub>` (services/intake/store/keys.ts). */
export const PERSON_LINK_KEYS = 'FC#*';

/** The file of the persons' pool triggers (pure decisions in ./triggers.ts beside it). */
export const PERSON_AUTH_TRIGGERS = 'services/intake/person-auth/triggers.handler.ts';
/** The file of the Pre token generation trigger (pure decision in ./pre-token.ts beside it): alone, with the DynamoDB client. */
export const PERSON_PRE_TOKEN_TRIGGER = 'services/intake/person-auth/pre-token.handler.ts';

/**
 * The persons' user pool `relais-<stage>-persons` (stateful stack, ADRs 0036 and 0040): lasting
 * like the staff accounts (RETAIN, deletion protection). No self sign-up, no password sign-in:
 * intake signs her in after a right code or invitation, through one custom challenge answered with
 * an HMAC proof (services/intake/person-auth). Username = her person id; the immutable
 * `custom:personId` and the group `personne` give the claims the kernel reads. Its SPA client is
 * rebuildable and lives in the stateless stack (`personSpaClient`).
 */
export class PersonDirectory extends Construct {
  readonly userPool: cognito.UserPool;
  readonly triggers: RelaisFunction[] = [];

  constructor(scope: Construct, id: string, props: PersonDirectoryProps) {
    super(scope, id);

    this.userPool = new cognito.UserPool(this, 'UserPool', {
      userPoolName: `relais-${props.stage}-persons`,
      // Only intake creates her user, after a right code or invitation (AdminCreateUser).
      selfSignUpEnabled: false,
      // Her username is her person id: no alias, no e-mail or phone in the pool (they stay in intake).
      signInAliases: { username: true },
      signInCaseSensitive: true,
      customAttributes: {
        personId: new cognito.StringAttribute({ minLen: 1, maxLen: 64, mutable: false }),
      },
      // Cognito insists on a policy; no password is ever used (the client allows only the custom flow).
      passwordPolicy: {
        minLength: 64,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(1),
      },
      // Her sign-in is already two things she holds (her phone or e-mail, and the code): no MFA here.
      mfa: cognito.Mfa.OFF,
      accountRecovery: cognito.AccountRecovery.NONE,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledge(
      this.userPool,
      'AwsSolutions-COG2',
      'No MFA on the persons’ pool: she never has a password; every sign-in already proves possession of the phone or ' +
        'e-mail on her record (a single-use code, 5 tries, then a wait) or of a single-use invitation (ADR 0036).',
    );
    acknowledge(
      this.userPool,
      'AwsSolutions-COG8',
      'The Plus tier’s threat protection scores passwords and sign-in contexts; the persons’ pool has no password and ' +
        'only intake (server-side, after its own rate limits) starts a sign-in, so it would only add cost per person.',
    );

    const group = new cognito.UserPoolGroup(this, 'Group-personne', {
      userPool: this.userPool,
      groupName: PERSON_GROUP,
      description: 'Personnes accompagnées (Mon espace)',
    });
    group.applyRemovalPolicy(RemovalPolicy.RETAIN);

    // The triggers' logs (no personal data: they log nothing of her) under their own key, which
    // CloudWatch Logs of this region may use for this account's log groups only.
    const logKey = new kms.Key(this, 'LogsKey', {
      alias: `alias/relais/${props.stage}/person-auth-logs`,
      description: `Relais ${props.stage}: encrypts the logs of the persons' pool triggers`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const { region, account, partition } = this.userPool.stack;
    logKey.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudWatchLogs',
        principals: [new iam.ServicePrincipal(`logs.${region}.amazonaws.com`)],
        actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        resources: ['*'],
        conditions: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:${partition}:logs:${region}:${account}:log-group:*` } },
      }),
    );

    const triggers: [cognito.UserPoolOperation, string, string][] = [
      [cognito.UserPoolOperation.DEFINE_AUTH_CHALLENGE, 'defineAuthChallengeHandler', 'define the one custom challenge'],
      [cognito.UserPoolOperation.CREATE_AUTH_CHALLENGE, 'createAuthChallengeHandler', 'create the custom challenge'],
      [cognito.UserPoolOperation.VERIFY_AUTH_CHALLENGE_RESPONSE, 'verifyAuthChallengeHandler', 'check intake’s HMAC proof'],
    ];
    for (const [operation, exportName, what] of triggers) {
      const verifies = operation === cognito.UserPoolOperation.VERIFY_AUTH_CHALLENGE_RESPONSE;
      const fn = new RelaisFunction(
        this,
        exportName.replace(/Handler$/, '').replace(/^./, (c) => c.toUpperCase()),
        {
          decl: {
            service: intakeService,
            kind: 'cognito',
            id: exportName,
            handler: PERSON_AUTH_TRIGGERS,
            exportName,
            description: `persons’ pool trigger: ${what}`,
          },
          environment: {
            RELAIS_MODE: 'aws',
            RELAIS_STAGE: props.stage,
            POWERTOOLS_SERVICE_NAME: 'intake-person-auth',
            ...(verifies ? { [secretArnEnv('personAuth')]: props.proofSecret.secretArn } : {}),
          },
          // The proof's secret, through the Parameters and Secrets extension (ADR 0051).
          readsSecrets: verifies,
          logKey,
        },
      );
      if (verifies) {
        fn.addToPolicy(
          new iam.PolicyStatement({
            sid: 'ReadProofSecret',
            actions: ['secretsmanager:GetSecretValue'],
            resources: [props.proofSecret.secretArn],
          }),
        );
        fn.addToPolicy(
          new iam.PolicyStatement({
            sid: 'ProofSecretKey',
            actions: ['kms:Decrypt'],
            resources: [props.secretsKey.keyArn],
            conditions: { StringEquals: { 'kms:ViaService': `secretsmanager.${this.userPool.stack.region}.amazonaws.com` } },
          }),
        );
      }
      acknowledge(fn, 'HIPAA.Security-LambdaDLQ', REASONS.syncInvocationNoDlq('Cognito during a sign-in (the sign-in fails)'));
      this.userPool.addTrigger(operation, fn.function);
      this.triggers.push(fn);
    }

    // Pre token generation (FranceConnect, ADR 0040): her person id from the identity link a
    // professional confirmed, read with one GetItem of an `FC#<sub>` entry of intake's table and
    // nothing else (no Query, no write, no person's record: the leading key is `FC#…`).
    const { table, tableName, dataKey } = props.identityLinks;
    const preToken = new RelaisFunction(this, 'PreTokenGeneration', {
      decl: {
        service: intakeService,
        kind: 'cognito',
        id: 'preTokenGenerationHandler',
        handler: PERSON_PRE_TOKEN_TRIGGER,
        exportName: 'preTokenGenerationHandler',
        description: 'persons’ pool trigger: her person id from the FranceConnect identity link',
      },
      environment: {
        RELAIS_MODE: 'aws',
        RELAIS_STAGE: props.stage,
        POWERTOOLS_SERVICE_NAME: 'intake-person-auth',
        [tableEnvName(PERSON_LINKS_TABLE.service, PERSON_LINKS_TABLE.table)]: tableName,
      },
      logKey,
    });
    preToken.addToPolicy(
      new iam.PolicyStatement({
        sid: 'ReadIdentityLinks',
        actions: ['dynamodb:GetItem'],
        resources: [table.tableArn],
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [PERSON_LINK_KEYS] } },
      }),
    );
    // The table is encrypted with the data key: DynamoDB decrypts for the caller, only through DynamoDB.
    preToken.addToPolicy(
      new iam.PolicyStatement({
        sid: 'DataKeyViaDynamoDB',
        actions: ['kms:Decrypt', 'kms:DescribeKey'],
        resources: [dataKey.keyArn],
        conditions: { StringEquals: { 'kms:ViaService': `dynamodb.${region}.amazonaws.com` } },
      }),
    );
    acknowledge(preToken, 'HIPAA.Security-LambdaDLQ', REASONS.syncInvocationNoDlq('Cognito before a token (the sign-in fails)'));
    this.userPool.addTrigger(cognito.UserPoolOperation.PRE_TOKEN_GENERATION, preToken.function);
    this.triggers.push(preToken);
  }
}

/** FranceConnect on the persons' pool for this stage (ADR 0040, « FranceConnect »). */
export interface PersonFederation {
  config: FranceConnectConfig;
  /** The persons' hosted UI domain prefix (its `/oauth2/idpresponse` is the redirect URI FranceConnect knows). */
  domainPrefix: string;
  /** Where FranceConnect sends her back: `/mon-espace` on the SPA's domain. */
  callbackUrl: string;
}

/**
 * The persons' SPA client (stateless stack, like the professionals' one): no secret, the custom
 * flow intake drives (no password, no SRP); her ID token lasts an hour, her refresh token a day at
 * most. The persons' JWT authorizer checks this client as the audience. Without FranceConnect, no
 * hosted UI at all (no OAuth); with it (`relais:franceConnect`), the hosted UI on the persons' own
 * domain offers FranceConnect only (no Cognito password page), code flow back to `/mon-espace`.
 */
export function personSpaClient(
  scope: Construct,
  id: string,
  userPool: cognito.IUserPool,
  federation?: PersonFederation,
): cognito.UserPoolClient {
  let provider: cognito.UserPoolIdentityProviderOidc | undefined;
  if (federation) {
    provider = addFranceConnect(scope, userPool, federation.config);
    new cognito.UserPoolDomain(scope, 'PersonDomain', { userPool, cognitoDomain: { domainPrefix: federation.domainPrefix } });
  }
  const client = new cognito.UserPoolClient(scope, id, {
    userPool,
    userPoolClientName: 'mon-espace',
    // A browser cannot keep a secret (PKCE protects the code exchange when FranceConnect is on).
    generateSecret: false,
    authFlows: { custom: true, user: false, userSrp: false, userPassword: false, adminUserPassword: false },
    ...(provider && federation
      ? {
          oAuth: {
            flows: { authorizationCodeGrant: true },
            scopes: [cognito.OAuthScope.OPENID],
            callbackUrls: [federation.callbackUrl],
            logoutUrls: [federation.callbackUrl],
          },
          supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.custom(provider.providerName)],
        }
      : { disableOAuth: true }),
    preventUserExistenceErrors: true,
    idTokenValidity: Duration.hours(1),
    accessTokenValidity: Duration.hours(1),
    refreshTokenValidity: Duration.days(1),
    readAttributes: new cognito.ClientAttributes().withCustomAttributes('personId'),
    // She changes nothing in the pool with her own token (her details live in intake); FranceConnect
    // maps no attribute (only `sub`, as her user name), so nothing needs to be writable.
    writeAttributes: new cognito.ClientAttributes(),
  });
  // The client names the provider: it must exist first.
  if (provider) client.node.addDependency(provider);
  return client;
}

/** The persons' hosted UI domain prefix, beside the professionals' one (`<prefix>-personnes`). */
export function personDomainPrefix(staffPrefix: string): string {
  return `${staffPrefix}-personnes`;
}
