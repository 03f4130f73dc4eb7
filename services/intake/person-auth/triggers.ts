import { verifyProof } from './proof';

/**
 * The persons' pool's custom authentication (ADR 0040): one custom challenge, answered by intake
 * with a proof (./proof.ts). Pure functions of Cognito's trigger events; the Lambda handlers are in
 * ./triggers.handler.ts.
 */

export interface ChallengeResult {
  challengeName: string;
  challengeResult: boolean;
}

export interface DefineAuthChallengeDecision {
  challengeName?: 'CUSTOM_CHALLENGE';
  issueTokens: boolean;
  failAuthentication: boolean;
}

/** First round: one custom challenge. Then tokens only if that one challenge was answered right; anything else fails. */
export function defineAuthChallenge(session: readonly ChallengeResult[], userNotFound = false): DefineAuthChallengeDecision {
  if (userNotFound) return { issueTokens: false, failAuthentication: true };
  if (session.length === 0) return { challengeName: 'CUSTOM_CHALLENGE', issueTokens: false, failAuthentication: false };
  const [only] = session;
  if (session.length === 1 && only!.challengeName === 'CUSTOM_CHALLENGE' && only!.challengeResult === true) {
    return { issueTokens: true, failAuthentication: false };
  }
  return { issueTokens: false, failAuthentication: true };
}

/** The challenge says what answer it waits for; no secret and nothing about her in it. */
export function createAuthChallenge(challengeName: string): {
  publicChallengeParameters: Record<string, string>;
  privateChallengeParameters: Record<string, string>;
  challengeMetadata: string;
} {
  if (challengeName !== 'CUSTOM_CHALLENGE') throw new Error(`Unexpected challenge ${challengeName}`);
  return { publicChallengeParameters: { expects: 'relais-proof' }, privateChallengeParameters: {}, challengeMetadata: 'RELAIS_PROOF' };
}

/** Right only for a valid, unexpired proof made for this username. */
export function verifyAuthChallenge(secret: string, userName: string, answer: unknown, now: Date): boolean {
  return verifyProof(secret, userName, answer, now);
}
