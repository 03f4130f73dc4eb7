import { httpRoute } from '../../../shared/http/route-handler';
import { answerPersonRequestRoute } from '../routes/answer-person-request.route';
import { PersonRequestsStore } from '../store/person-requests.store';
import { makePersonRequests } from '../use-cases/person-space.use-cases';
import { parcoursDeps } from './deps';

const useCase = makePersonRequests(parcoursDeps, new PersonRequestsStore());

export const handler = httpRoute(answerPersonRequestRoute, ({ params, body, actor, uow }) =>
  useCase.answer(params.id, params.requestId, body, actor, { uow }),
);
