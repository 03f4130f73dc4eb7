import '../domain/phone.check';
import { httpRoute, reply } from '../../../shared/http/route-handler';
import { countMetric } from '../../../shared/observability/metrics';
import { requestSignInCodeRoute } from '../routes/request-sign-in-code.route';
import { makeSignIn } from '../use-cases/sign-in.use-cases';
import { signInBase } from './sign-in.deps';

// Asking a code never issues a token: this function cannot sign anyone in (ADR 0040).
const signIn = makeSignIn({
  ...signInBase,
  issueToken: () => Promise.reject(new Error('POST /api/me/person/code issues no token')),
  // The month's budget of messages to persons is spent: the code is not sent, and counted (alarm).
  overBudget: () => countMetric('intake', 'PersonNoticeOverBudget'),
});

/** `POST /api/me/person/code`: always 202, with nothing in it (ADR 0036). */
export const handler = httpRoute(requestSignInCodeRoute, async ({ body, uow, correlationId }) => {
  await signIn.requestCode(body, uow, correlationId);
  return reply({ status: 202 });
});
