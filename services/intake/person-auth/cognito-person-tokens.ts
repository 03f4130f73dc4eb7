import { randomBytes } from 'node:crypto';
import type { CognitoClient } from '../../../shared/aws/cognito';
import type { PersonToken } from '../domain/sign-in.schema';
import { signProof } from './proof';

/** The persons' pool group: Cognito puts it in `cognito:groups`, the claim the kernel reads. */
export const PERSON_GROUP = 'personne';

/** What issues her token once intake has checked her code or invitation (ADR 0040). */
export interface PersonTokenIssuer {
  issue(personId: string): Promise<PersonToken>;
}

export interface CognitoPersonTokensConfig {
  userPoolId: string;
  clientId: string;
  /** The `personAuth` secret (the Verify trigger checks the proof with the same). */
  proofSecret(): Promise<string>;
  now(): Date;
}

/**
 * Her token from the persons' pool: her user is created on first use (no message sent, group
 * `personne`, immutable `custom:personId`), then signed in through the one custom challenge,
 * answered with a one-minute HMAC proof. Cognito answers her ID token (1 hour). The calls go
 * through the small signed client (shared/aws/cognito.ts, ADR 0059), not the SDK's Cognito client.
 */
export class CognitoPersonTokens implements PersonTokenIssuer {
  constructor(
    private readonly client: Pick<CognitoClient, 'call'>,
    private readonly config: CognitoPersonTokensConfig,
  ) {}

  async issue(personId: string): Promise<PersonToken> {
    const { userPoolId: UserPoolId, clientId: ClientId } = this.config;
    await this.ensureUser(personId);
    const started = await this.client.call<AuthAnswer>('AdminInitiateAuth', {
      UserPoolId,
      ClientId,
      AuthFlow: 'CUSTOM_AUTH',
      AuthParameters: { USERNAME: personId },
    });
    if (started.ChallengeName !== 'CUSTOM_CHALLENGE' || !started.Session) {
      throw new Error(`Persons' pool: expected the custom challenge, got ${started.ChallengeName ?? 'none'}`);
    }
    const answered = await this.client.call<AuthAnswer>('AdminRespondToAuthChallenge', {
      UserPoolId,
      ClientId,
      ChallengeName: 'CUSTOM_CHALLENGE',
      Session: started.Session,
      ChallengeResponses: { USERNAME: personId, ANSWER: signProof(await this.config.proofSecret(), personId, this.config.now()) },
    });
    const result = answered.AuthenticationResult;
    if (!result?.IdToken) throw new Error(`Persons' pool: no token after the challenge (${answered.ChallengeName ?? 'none'})`);
    return { accessToken: result.IdToken, expiresIn: result.ExpiresIn ?? 3600 };
  }

  /** Her user, created the first time: no message, a random password never used nor kept (custom flow only). */
  private async ensureUser(personId: string): Promise<void> {
    const { userPoolId: UserPoolId } = this.config;
    try {
      await this.client.call('AdminGetUser', { UserPoolId, Username: personId });
      return;
    } catch (error) {
      if ((error as { name?: string }).name !== 'UserNotFoundException') throw error;
    }
    try {
      await this.client.call('AdminCreateUser', {
        UserPoolId,
        Username: personId,
        MessageAction: 'SUPPRESS',
        UserAttributes: [{ Name: 'custom:personId', Value: personId }],
      });
    } catch (error) {
      // Two first sign-ins at once: the other one created her.
      if ((error as { name?: string }).name !== 'UsernameExistsException') throw error;
    }
    // Confirmed (a user created by an administrator waits for a new password otherwise), with a
    // password no one knows: the pool's client allows no password flow anyway.
    await this.client.call('AdminSetUserPassword', { UserPoolId, Username: personId, Password: unusablePassword(), Permanent: true });
    await this.client.call('AdminAddUserToGroup', { UserPoolId, Username: personId, GroupName: PERSON_GROUP });
  }
}

/** What AdminInitiateAuth and AdminRespondToAuthChallenge answer (the fields read here). */
interface AuthAnswer {
  ChallengeName?: string;
  Session?: string;
  AuthenticationResult?: { IdToken?: string; ExpiresIn?: number };
}

/** 64 random characters with every class the pool's policy asks for. */
function unusablePassword(): string {
  return `${randomBytes(45).toString('base64url').slice(0, 60)}aA1!`;
}

/** The Cognito actions the issuer needs on the persons' pool (infra grants exactly these). */
export const PERSON_POOL_ACTIONS = [
  'cognito-idp:AdminGetUser',
  'cognito-idp:AdminCreateUser',
  'cognito-idp:AdminSetUserPassword',
  'cognito-idp:AdminAddUserToGroup',
  'cognito-idp:AdminInitiateAuth',
  'cognito-idp:AdminRespondToAuthChallenge',
] as const;
