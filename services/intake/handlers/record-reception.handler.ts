import { countMetric } from '../../../shared/observability/metrics';
import { httpRoute } from '../../../shared/http/route-handler';
import { intakeService } from '../service';
import { makeRecordReception } from '../use-cases/receptions.use-cases';
import { intakeDeps } from './deps';

const recordReception = makeRecordReception(intakeDeps);

export const handler = httpRoute(intakeService, 'recordReception', ({ body, actor, uow, correlationId }) => {
  uow.afterCommit(() => countMetric('intake', 'ReceptionRecorded'));
  return recordReception.execute(body, actor, { uow, correlationId });
});
