import { loadSecret } from '../../../shared/auth/secrets';
import { createAuthChallenge, defineAuthChallenge, verifyAuthChallenge } from './triggers';

/**
 * The Lambda handlers of the persons' pool (stateful stack, ADR 0040). Cognito calls them in turn
 * and reads the `response` they fill. They log nothing about her (her username is her person id).
 */

interface TriggerEvent {
  userName: string;
  request: {
    session?: { challengeName: string; challengeResult: boolean }[];
    userNotFound?: boolean;
    challengeName?: string;
    challengeAnswer?: unknown;
  };
  response: Record<string, unknown>;
}

export async function defineAuthChallengeHandler(event: TriggerEvent): Promise<TriggerEvent> {
  Object.assign(event.response, defineAuthChallenge(event.request.session ?? [], event.request.userNotFound === true));
  return event;
}

export async function createAuthChallengeHandler(event: TriggerEvent): Promise<TriggerEvent> {
  Object.assign(event.response, createAuthChallenge(event.request.challengeName ?? ''));
  return event;
}

export async function verifyAuthChallengeHandler(event: TriggerEvent): Promise<TriggerEvent> {
  const secret = await loadSecret('personAuth');
  event.response.answerCorrect = verifyAuthChallenge(secret, event.userName, event.request.challengeAnswer, new Date());
  return event;
}
