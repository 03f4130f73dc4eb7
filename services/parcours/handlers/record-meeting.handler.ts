import { httpRoute } from '../../../shared/http/route-handler';
import { parcoursService } from '../service';
import { makeRecordMeeting } from '../use-cases/parcours.use-cases';
import { parcoursDeps } from './deps';

const useCase = makeRecordMeeting(parcoursDeps);

export const handler = httpRoute(parcoursService, 'recordMeeting', ({ params, body, actor, uow, correlationId }) =>
  useCase.execute(params.id, body, actor, { uow, correlationId }),
);
