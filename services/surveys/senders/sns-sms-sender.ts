import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import type { SmsSender } from '../domain/surveys.ports';
import { traceClient } from '../../../shared/observability/tracer';

let client: SNSClient | undefined;
const sns = (): SNSClient => {
  client ??= traceClient(new SNSClient({}));
  return client;
};

/**
 * AWS: one SMS straight to the number (SNS publish with `PhoneNumber`), transactional (the
 * person is expecting it; delivered even to numbers that block promotional SMS), with the
 * sender id `Relais` where the destination country allows one.
 */
export class SnsSmsSender implements SmsSender {
  constructor(private readonly client: () => SNSClient = sns) {}

  async send(to: string, text: string, _ref?: { surveyId?: string; kind: string }): Promise<void> {
    await this.client().send(
      new PublishCommand({
        PhoneNumber: to,
        Message: text,
        MessageAttributes: {
          'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' },
          'AWS.SNS.SMS.SenderID': { DataType: 'String', StringValue: 'Relais' },
        },
      }),
    );
  }
}
