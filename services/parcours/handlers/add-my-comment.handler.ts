import { httpRoute } from '../../../shared/http/route-handler';
import { parcoursService } from '../service';
import { makeAddPersonComment } from '../use-cases/person-comments.use-cases';
import { parcoursDeps } from './deps';

const useCase = makeAddPersonComment(parcoursDeps);

export const handler = httpRoute(parcoursService, 'addMyComment', ({ params, body, actor, uow, correlationId }) =>
  useCase.execute(params.id, body, actor, { uow, correlationId }),
);
