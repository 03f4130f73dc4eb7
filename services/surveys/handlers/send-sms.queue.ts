import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import * as z from 'zod';
import { makeSendSurvey } from '../use-cases/sending.use-cases';
import { surveysDeps } from './deps';

const send = makeSendSurvey(surveysDeps);
const processor = new BatchProcessor(EventType.SQS);
const MessageSchema = z.object({ surveyId: z.string().min(1) });

/** The send queue's consumer: one survey per message; a failed send is retried by the queue, then dead-lettered. */
export const handler = async (event: SQSEvent): Promise<SQSBatchResponse> =>
  processPartialResponse(
    event,
    async (record: SQSRecord) => {
      const { surveyId } = MessageSchema.parse(JSON.parse(record.body));
      await send.execute(surveyId);
    },
    processor,
    { throwOnFullBatchFailure: false },
  );
