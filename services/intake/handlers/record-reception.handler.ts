import { httpRoute } from '../../../shared/http/route-handler';
import { countMetric } from '../../../shared/observability/metrics';
import { recordReceptionRoute } from '../routes/record-reception.route';
import { makeRecordReception } from '../use-cases/receptions.use-cases';
import { intakeDeps } from './deps';

const recordReception = makeRecordReception(intakeDeps);

export const handler = httpRoute(recordReceptionRoute, ({ body, actor, uow, correlationId }) => {
  uow.afterCommit(() => countMetric('intake', 'ReceptionRecorded'));
  return recordReception.execute(body, actor, { uow, correlationId });
});
