// Loads the phone library and installs it into the person schema (the correction it runs takes phones too).
import '../domain/phone.check';
import { toProblem } from '../../../shared/errors/errors';
import { httpRoute, reply } from '../../../shared/http/route-handler';
import { intakeErrors } from '../errors';
import { validateIdentityRequestRoute } from '../routes/validate-identity-request.route';
import { IdentityRequestsStore } from '../store/identity-requests.store';
import { makeIdentityRequests } from '../use-cases/person-details.use-cases';
import { makeCorrectPerson } from '../use-cases/persons.use-cases';
import { intakeDeps } from './deps';

const requests = makeIdentityRequests(intakeDeps, new IdentityRequestsStore(), makeCorrectPerson(intakeDeps));

export const handler = httpRoute(validateIdentityRequestRoute, async ({ params, body, actor, uow, correlationId }) => {
  const outcome = await requests.validate(params.requestId, body, actor, { uow, correlationId });
  if (outcome.kind === 'corrected') return { request: outcome.request, person: outcome.person };
  // As for any correction: the candidates come back, the agent checks them and confirms with confirmedNotDuplicateOf.
  return reply({
    status: 409,
    headers: { 'content-type': 'application/problem+json; charset=utf-8' },
    body: {
      ...toProblem(intakeErrors.error('person.possible-duplicate'), 'POST /api/identity-requests/{requestId}/validate'),
      candidates: outcome.candidates,
    },
  });
});
