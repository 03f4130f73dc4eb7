// Loads the phone library and installs it into the person schema (only this writer needs it).
import '../domain/phone.check';
import { toProblem } from '../../../shared/errors/errors';
import { httpRoute, reply } from '../../../shared/http/route-handler';
import { intakeErrors } from '../errors';
import { createPersonRoute } from '../routes/create-person.route';
import { makeCreatePerson } from '../use-cases/persons.use-cases';
import { intakeDeps } from './deps';

const createPerson = makeCreatePerson(intakeDeps);

export const handler = httpRoute(createPersonRoute, async ({ body, actor, uow, correlationId }) => {
  const outcome = await createPerson.execute(body, actor, { uow, correlationId });
  if (outcome.kind === 'created') return outcome.person;
  // A problem with the candidates: the agent checks them, then confirms with confirmedNotDuplicateOf.
  return reply({
    status: 409,
    headers: { 'content-type': 'application/problem+json; charset=utf-8' },
    // Answered, not thrown: the read of the candidates is audited in the same unit of work.
    body: { ...toProblem(intakeErrors.error('person.possible-duplicate'), 'POST /api/persons'), candidates: outcome.candidates },
  });
});
