import { httpRoute } from '../../../shared/http/route-handler';
import { recordMeetingRoute } from '../routes/record-meeting.route';
import { makeRecordMeeting } from '../use-cases/parcours.use-cases';
import { parcoursDeps } from './deps';

const useCase = makeRecordMeeting(parcoursDeps);

export const handler = httpRoute(recordMeetingRoute, ({ params, body, actor, uow, correlationId }) =>
  useCase.execute(params.id, body, actor, { uow, correlationId }),
);
