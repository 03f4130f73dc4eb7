// Loads the phone library and installs it into the person schema (this writer takes phones too).
import '../domain/phone.check';
import { toProblem } from '../../../shared/errors/errors';
import { httpRoute, reply } from '../../../shared/http/route-handler';
import { intakeErrors } from '../errors';
import { correctPersonRoute } from '../routes/correct-person.route';
import { makeCorrectPerson } from '../use-cases/persons.use-cases';
import { intakeDeps } from './deps';

const correctPerson = makeCorrectPerson(intakeDeps);

export const handler = httpRoute(correctPersonRoute, async ({ params, body, actor, uow, correlationId }) => {
  const outcome = await correctPerson.execute(params.id, body, actor, { uow, correlationId });
  if (outcome.kind === 'corrected') return outcome.person;
  // As at creation: the candidates come back, the agent checks them and confirms with confirmedNotDuplicateOf.
  return reply({
    status: 409,
    headers: { 'content-type': 'application/problem+json; charset=utf-8' },
    body: { ...toProblem(intakeErrors.error('person.possible-duplicate'), 'PATCH /api/persons/{id}'), candidates: outcome.candidates },
  });
});
