import { httpRoute } from '../../../shared/http/route-handler';
import { resumeParcoursRoute } from '../routes/resume-parcours.route';
import { makeResumeParcours } from '../use-cases/parcours.use-cases';
import { parcoursDeps } from './deps';

const useCase = makeResumeParcours(parcoursDeps);

export const handler = httpRoute(resumeParcoursRoute, ({ params, body, actor, uow, correlationId }) =>
  useCase.execute(params.id, actor, { uow, correlationId }, body.comment),
);
