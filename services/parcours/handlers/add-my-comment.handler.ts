import { httpRoute } from '../../../shared/http/route-handler';
import { addMyCommentRoute } from '../routes/add-my-comment.route';
import { makeAddPersonComment } from '../use-cases/person-comments.use-cases';
import { parcoursDeps } from './deps';

const useCase = makeAddPersonComment(parcoursDeps);

export const handler = httpRoute(addMyCommentRoute, ({ params, body, actor, uow, correlationId }) =>
  useCase.execute(params.id, body, actor, { uow, correlationId }),
);
