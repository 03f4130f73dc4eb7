/** Where the application answers when nothing says otherwise: the local stack's default port. */
export const LOCAL_APP_URL = 'http://localhost:3000';

/**
 * The base of the links in messages, read at each message: locally the stack sets
 * `RELAIS_APP_URL` to the address it actually listens on (`PORT`) once listening, which may be
 * after a consumer was first called. Validated with the other settings at start-up; on AWS the
 * stacks set it to the SPA's origin, and the partner notifications refuse to run without it.
 */
export function appUrlNow(env: NodeJS.ProcessEnv = process.env): string {
  return env.RELAIS_APP_URL || LOCAL_APP_URL;
}
