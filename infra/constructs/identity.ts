import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { PROFESSIONAL_ROLES as ROLES, type Role } from '../../shared/manifest/manifest';
import { type ProConnectConfig, addProConnect } from '../proconnect';

export interface UserDirectoryProps {
  stage: string;
}

export interface IdentityProps {
  stage: string;
  /** The stage's user pool (stateful stack, ADR 0030). */
  userPool: cognito.IUserPool;
  domainPrefix: string;
  callbackUrls: string[];
  logoutUrls: string[];
  /** The stage's ProConnect (ADR 0041); unset: e-mail and password only. */
  proConnect?: ProConnectConfig;
}

const ROLE_DESCRIPTIONS: Record<(typeof ROLES)[number], string> = {
  accueil: 'Agents d’accueil',
  travailleur_social: 'Travailleurs sociaux',
  partenaire: 'Partenaires du réseau',
  pilote: 'Pilotage du réseau (département)',
  admin: 'Administrateurs',
};

/**
 * Who may sign in, the lasting part (stateful stack, ADR 0030): a Cognito user pool whose groups
 * are the five roles and whose custom attributes carry the organisation and site (claims
 * `cognito:groups`, `custom:organisationId`, `custom:siteId`, the shape the local stack signs
 * too). Deleting a group drops its memberships, so the groups live with the pool.
 *
 * Construct ids are those the pool and groups had in the stateless stack, so that their logical
 * ids do not change when an existing stage moves them here (scripts/move-state.ts).
 */
export class UserDirectory extends Construct {
  readonly userPool: cognito.UserPool;

  constructor(scope: Construct, id: string, props: UserDirectoryProps) {
    super(scope, id);

    this.userPool = new cognito.UserPool(this, 'UserPool', {
      userPoolName: `relais-${props.stage}`,
      // Accounts are opened by the network's administrators, never by the public.
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      autoVerify: { email: true },
      // A changed address only replaces the old one once verified.
      keepOriginal: { email: true },
      standardAttributes: {
        email: { required: true, mutable: true },
        fullname: { required: true, mutable: true },
      },
      customAttributes: {
        organisationId: new cognito.StringAttribute({ minLen: 1, maxLen: 64, mutable: true }),
        siteId: new cognito.StringAttribute({ minLen: 0, maxLen: 64, mutable: true }),
        // The SIRET ProConnect gives at each sign-in (ADR 0041): what the agent declared, which the
        // administrator matches to an organisation; it grants nothing by itself.
        siret: new cognito.StringAttribute({ minLen: 0, maxLen: 14, mutable: true }),
      },
      // Staff read records of vulnerable people: long passwords with every class of character.
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      // MFA required (cdk-nag AwsSolutions-COG2, and SECURITY.md: a leaked password alone must not
      // open anyone's file). Authenticator apps only: SMS codes can be intercepted and cost money.
      mfa: cognito.Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      // Everything a user reads is in French (STYLE.md), the invitation too.
      userInvitation: {
        emailSubject: 'Votre compte Relais',
        emailBody:
          'Bonjour,<br>un compte Relais vient d’être ouvert pour vous. Identifiant : {username}<br>' +
          'Mot de passe provisoire (valable 3 jours) : {####}<br>Il vous sera demandé de le changer et ' +
          'd’activer une application d’authentification à la première connexion.',
      },
      userVerification: {
        emailSubject: 'Relais : vérification de votre adresse',
        emailBody: 'Votre code de vérification Relais : {####}',
        emailStyle: cognito.VerificationEmailStyle.CODE,
      },
      // Plus tier with threat protection enforced (AwsSolutions-COG8): blocks sign-ins from
      // compromised credentials and risky contexts, which MFA alone does not detect.
      featurePlan: cognito.FeaturePlan.PLUS,
      standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
      // The pool holds the staff accounts: deleting the stack must not delete them.
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    for (const role of ROLES) {
      const group = new cognito.UserPoolGroup(this, `Group-${role}`, {
        userPool: this.userPool,
        groupName: role,
        description: ROLE_DESCRIPTIONS[role],
      });
      // A deleted group loses its members: everyone of that role would lose access.
      group.applyRemovalPolicy(RemovalPolicy.RETAIN);
    }
  }
}

/**
 * How the SPA signs in (stateless stack): the hosted UI domain and the SPA's app client
 * (authorisation code + PKCE, no secret) on the stage's user pool. Both are rebuilt at will.
 */
export class Identity extends Construct {
  readonly userPool: cognito.IUserPool;
  readonly client: cognito.UserPoolClient;
  readonly domain: cognito.UserPoolDomain;

  constructor(scope: Construct, id: string, props: IdentityProps) {
    super(scope, id);
    this.userPool = props.userPool;
    // Same construct paths as when the pool lived here: the domain and client keep their logical
    // ids (a new domain with the same prefix would collide with the old one during the update).
    const under = new Construct(this, 'UserPool');
    this.domain = new cognito.UserPoolDomain(under, 'Domain', {
      userPool: this.userPool,
      cognitoDomain: { domainPrefix: props.domainPrefix },
    });

    // ProConnect beside e-mail and password (partners outside ProConnect keep them), when the stage configures it.
    const proConnect = props.proConnect ? addProConnect(under, this.userPool, props.proConnect) : undefined;

    this.client = new cognito.UserPoolClient(under, 'SpaClient', {
      userPool: this.userPool,
      userPoolClientName: 'spa',
      // A browser cannot keep a secret: PKCE protects the code exchange instead.
      generateSecret: false,
      // Sign-in only through the hosted UI (code + PKCE); no password ever reaches the SPA.
      authFlows: { user: false, userSrp: false, userPassword: false, adminUserPassword: false, custom: false },
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL, cognito.OAuthScope.PROFILE],
        callbackUrls: props.callbackUrls,
        logoutUrls: props.logoutUrls,
      },
      supportedIdentityProviders: [
        cognito.UserPoolClientIdentityProvider.COGNITO,
        ...(proConnect ? [cognito.UserPoolClientIdentityProvider.custom(proConnect.providerName)] : []),
      ],
      preventUserExistenceErrors: true,
      // The SPA sends the ID token to the API (its `aud` is this client, which the JWT
      // authorizer checks). One hour, renewed silently; the refresh token lasts a working day.
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(10),
      readAttributes: new cognito.ClientAttributes()
        .withStandardAttributes({ email: true, emailVerified: true, fullname: true })
        .withCustomAttributes('organisationId', 'siteId', 'siret'),
      // Without this list a client may write every mutable attribute with the user's own token.
      // Listed: the required ones (Cognito insists). Not listed: organisationId and siteId, or a
      // user could move themselves into another organisation.
      // ProConnect's mapped attributes must be writable by the client, or Cognito refuses the federated sign-in.
      // The SIRET too (mapped from ProConnect): what the agent declared, never a right (an admin decides the organisation).
      writeAttributes: new cognito.ClientAttributes()
        .withStandardAttributes({
          email: true,
          fullname: true,
          ...(proConnect ? { givenName: true, familyName: true } : {}),
        })
        .withCustomAttributes(...(proConnect ? ['siret'] : [])),
    });
    // The client names the provider: it must exist first.
    if (proConnect) this.client.node.addDependency(proConnect);
  }
}
