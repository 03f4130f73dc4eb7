import type { SNSEvent } from 'aws-lambda';

import { makeTopicHandler } from './inbound-sms.topic';

const receiveSms = jest.fn(async (_input: { from: string; body: string }) => 'answered');
const handler = makeTopicHandler(receiveSms);

const record = (message: string) => ({ Sns: { MessageId: 'm1', Message: message } }) as unknown as SNSEvent['Records'][number];

describe('inbound SMS topic handler', () => {
  beforeEach(() => receiveSms.mockClear());

  it('reads the two-way SMS message (originationNumber, messageBody) and hands it over', async () => {
    await handler({
      Records: [
        record(
          JSON.stringify({
            originationNumber: '+33612345678',
            destinationNumber: '+33700000000',
            messageKeyword: 'KEYWORD_123',
            messageBody: '4',
            inboundMessageId: 'abc',
          }),
        ),
      ],
    });
    expect(receiveSms).toHaveBeenCalledWith({ from: '+33612345678', body: '4' });
  });

  it('drops a message that is not an inbound SMS, and goes on with the others', async () => {
    await handler({
      Records: [
        record('not json'),
        record(JSON.stringify({ foo: 1 })),
        record(JSON.stringify({ originationNumber: '+33600000000', messageBody: 'STOP' })),
      ],
    });
    expect(receiveSms).toHaveBeenCalledTimes(1);
  });
});
