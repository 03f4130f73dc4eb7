import { httpRoute } from '../../../shared/http/route-handler';
import { patchOfMine } from '../domain/person.schema';
import { intakeErrors } from '../errors';
import { changeMyConsentsRoute } from '../routes/change-my-consents.route';
import { makeChangeConsents } from '../use-cases/persons.use-cases';
import { intakeDeps } from './deps';

const changeConsents = makeChangeConsents(intakeDeps);

/** The person changes her own agreements (« Mon espace »): the professionals' use case, her id from her token. */
export const handler = httpRoute(changeMyConsentsRoute, ({ body, actor, uow, correlationId }) => {
  if (!actor.personId) throw intakeErrors.error('person.not-found');
  return changeConsents.execute(actor.personId, patchOfMine(body), actor, { uow, correlationId });
});
