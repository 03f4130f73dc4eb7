import '../domain/phone.check';
import type { AppError } from '../../../shared/errors/errors';
import { toProblem } from '../../../shared/errors/errors';
import { httpRoute, reply } from '../../../shared/http/route-handler';
import { intakeErrors } from '../errors';
import { personTokenRoute } from '../routes/person-token.route';
import { makeSignIn } from '../use-cases/sign-in.use-cases';
import { personTokenDeps } from './person-token.deps';

const signIn = makeSignIn(personTokenDeps);
const INSTANCE = 'POST /api/me/person/token';

/** A problem+json answer with fields of its own (the tries left), and headers (`Retry-After`). */
const problem = (error: AppError, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
  reply({
    status: error.status,
    body: { ...toProblem(error, INSTANCE), ...extra },
    headers: { 'content-type': 'application/problem+json; charset=utf-8', ...headers },
  });

/**
 * `POST /api/me/person/token` (ADR 0036): her token; 401 with `attemptsLeft` for a wrong or
 * expired code (the same answer for a contact no record has); 429 with `retryAfterSeconds` and
 * `Retry-After` while the contact waits; 401 for an invitation used or expired.
 */
export const handler = httpRoute(personTokenRoute, async ({ body }) => {
  const outcome = await signIn.token(body);
  switch (outcome.kind) {
    case 'token':
      return outcome.token;
    case 'wrong-code':
      return problem(intakeErrors.error('sign-in.code-invalid'), { attemptsLeft: outcome.attemptsLeft });
    case 'locked':
      return problem(
        intakeErrors.error('sign-in.too-many-attempts', { params: { minutes: Math.ceil(outcome.retryAfterSeconds / 60) } }),
        { retryAfterSeconds: outcome.retryAfterSeconds },
        { 'retry-after': String(outcome.retryAfterSeconds) },
      );
    case 'invitation-invalid':
      return problem(intakeErrors.error('sign-in.invitation-invalid'));
  }
});
