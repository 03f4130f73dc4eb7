import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { UnitOfWork } from '../../../shared/dynamo/unit-of-work';
import { directoryReviewNotice, reviewLink } from './directory-review';
import { coordinatorNotice, exceptionalAccessNotice } from './exceptional-access-notice';
import { type Notice, noticeSettings, SnsNoticeSender } from './notice-sender';
import { consentsNoticeText, personNotice } from './person-notice';

const TOPIC = 'arn:aws:sns:eu-west-3:123456789012:relais-prod-notifications';
const sns = mockClient(SNSClient);
afterAll(() => sns.restore());
beforeEach(() => {
  sns.reset();
  sns.on(PublishCommand).resolves({ MessageId: 'm' });
});

const sender = new SnsNoticeSender(TOPIC, () => new SNSClient({}));
const text = consentsNoticeText({
  networkSharing: true,
  smsSurveys: false,
  at: '2026-03-02T09:00:00.000Z',
  byOrganisationName: 'CCAS de Cahors',
});

describe('the one sender of notices (SNS mocked)', () => {
  it('sends a person’s notice by SMS straight to her number, transactional, and nothing else of her', async () => {
    const notice = personNotice({ eventId: 'E1', kind: 'person.consents.changed', channel: 'sms', to: '+33611223344', ...text });
    expect(await sender.send(new UnitOfWork(), notice)).toBe('sent');
    expect(sns.commandCalls(PublishCommand).map((c) => c.args[0].input)).toEqual([
      {
        PhoneNumber: '+33611223344',
        Message: text.text,
        MessageAttributes: {
          'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' },
          'AWS.SNS.SMS.SenderID': { DataType: 'String', StringValue: 'Relais' },
        },
      },
    ]);
  });

  it('does not send an e-mail (no e-mail sender for persons on AWS yet): unsupported, nothing published', async () => {
    const notice = personNotice({ eventId: 'E2', kind: 'person.consents.changed', channel: 'email', to: 'ines@example.org', ...text });
    expect(await sender.send(new UnitOfWork(), notice)).toBe('unsupported');
    expect(sns.commandCalls(PublishCommand)).toHaveLength(0);
  });

  it('publishes a coordinator’s notice on the topic with the attributes subscriptions filter on', async () => {
    const notice: Notice = coordinatorNotice(
      exceptionalAccessNotice(
        {
          eventId: 'E3',
          grantId: 'G1',
          personId: 'P1',
          userId: 'U1',
          organisationId: 'O1',
          reason: 'danger',
          grantedUntil: '2026-03-03T09:00:00.000Z',
        },
        'https://relais.lot.fr',
      ),
    );
    expect(await sender.send(new UnitOfWork(), notice)).toBe('sent');
    expect(sns.commandCalls(PublishCommand).map((c) => c.args[0].input)).toEqual([
      {
        TopicArn: TOPIC,
        Subject: 'Relais : un accès exceptionnel à un dossier a été ouvert',
        Message: expect.stringContaining('mise en danger'),
        MessageAttributes: {
          audience: { DataType: 'String', StringValue: 'coordinator' },
          kind: { DataType: 'String', StringValue: 'exceptional-access.granted' },
        },
      },
    ]);
  });

  it('publishes a partner’s review notice per protocol: the full text by default and by e-mail, the short GSM-7 one by SMS', async () => {
    const facts = {
      eventId: 'E4',
      reviewId: 'R1',
      organisationId: 'O1',
      expiresAt: '2027-01-06T09:00:00.000Z',
      reminder: 7,
      sites: 1,
      services: 0,
      campaignId: 'C1',
      message: 'Avant l’été, merci.',
    };
    const notice = directoryReviewNotice(facts, reviewLink('https://relais.lot.fr', facts, 's'.repeat(32)));
    expect(await sender.send(new UnitOfWork(), notice)).toBe('sent');
    const [publish] = sns.commandCalls(PublishCommand).map((c) => c.args[0].input);
    expect(publish).toMatchObject({
      TopicArn: TOPIC,
      Subject: 'Relais : rappel, vos fiches de l’annuaire à vérifier',
      MessageStructure: 'json',
      MessageAttributes: {
        organisationId: { DataType: 'String', StringValue: 'O1' },
        kind: { DataType: 'String', StringValue: 'directory.review' },
      },
    });
    expect(JSON.parse(String(publish!.Message))).toEqual({ default: notice.text, email: notice.text, sms: notice.sms });
    expect(notice.sms).toContain('"Avant l\'été, merci."');
  });

  it('writes to the local outbox locally, and needs the topic and the SPA origin on AWS', () => {
    expect(noticeSettings({}).sender.constructor.name).toBe('DevOutboxNoticeSender');
    expect(noticeSettings({}).appUrl).toBe('http://localhost:3000');
    expect(() => noticeSettings({ RELAIS_MODE: 'aws', RELAIS_APP_URL: 'https://x.fr' })).toThrow(/RELAIS_NOTIFICATIONS_TOPIC_ARN/);
    const aws = noticeSettings({ RELAIS_MODE: 'aws', RELAIS_NOTIFICATIONS_TOPIC_ARN: TOPIC, RELAIS_APP_URL: 'https://x.fr' });
    expect(aws.sender.constructor.name).toBe('SnsNoticeSender');
  });
});
