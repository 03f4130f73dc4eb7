// Loads the phone library and installs it into the person schema (only this writer needs it).
import '../domain/phone.check';
import { reply, httpRoute } from '../../../shared/http/route-handler';
import { intakeService } from '../service';
import { makeCreatePerson } from '../use-cases/persons.use-cases';
import { intakeDeps } from './deps';

const createPerson = makeCreatePerson(intakeDeps);

export const handler = httpRoute(intakeService, 'createPerson', async ({ body, actor, uow, correlationId }) => {
  const outcome = await createPerson.execute(body, actor, { uow, correlationId });
  if (outcome.kind === 'created') return outcome.person;
  // A problem with the candidates: the agent checks them, then confirms with confirmedNotDuplicateOf.
  return reply({
    status: 409,
    headers: { 'content-type': 'application/problem+json; charset=utf-8' },
    body: {
      type: 'https://relais.social/problems/possible-duplicate',
      title: 'Doublon possible',
      status: 409,
      detail:
        'Une ou plusieurs personnes déjà enregistrées pourraient être la même. Vérifiez-les ; si ce n’est aucune, renvoyez la demande avec confirmedNotDuplicateOf.',
      instance: 'POST /api/persons',
      candidates: outcome.candidates,
    },
  });
});
