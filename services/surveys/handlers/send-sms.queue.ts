import * as z from 'zod';
import { countMetric } from '../../../shared/observability/metrics';
import { queueConsumer } from '../../../shared/queue/queue';
import { makeSendSurvey } from '../use-cases/sending.use-cases';
import { surveysSendingDeps } from './sending.deps';

const send = makeSendSurvey(surveysSendingDeps);
const MessageSchema = z.object({ surveyId: z.string().min(1) });

/** The send queue's consumer: one survey per message; a failed send is retried by the queue, then dead-lettered. */
export const handler = queueConsumer({
  service: 'surveys',
  queue: 'smsSend',
  async handle(message) {
    const { surveyId } = MessageSchema.parse(message);
    const outcome = await send.execute(surveyId);
    if (outcome === 'sent') countMetric('surveys', 'SmsSent', { name: 'kind', value: 'survey' });
  },
});
