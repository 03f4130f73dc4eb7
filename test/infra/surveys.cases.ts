/**
 * The surveys service on AWS (issue 6): the SMS topic, the inbound SMS topic and its Lambda,
 * the send queue with its DLQ and rate limit, the budget alarm; the local-only carrier route is
 * not deployed.
 */
import { surveysService } from '../../services/surveys/service';
import { App } from 'aws-cdk-lib';
import { readConfig } from '../../infra/config';
import { type Json, type Synthesised, flat, relaisFunctions, resourcesOf, synthRelaisShared } from './support';

let synth: Synthesised;
beforeAll(() => {
  synth = synthRelaisShared();
});

const topicByName = (name: string) =>
  Object.entries(resourcesOf(synth.stateless, 'AWS::SNS::Topic')).find(([, t]) => t.Properties!.TopicName === name);

function statementsOfRole(roleLogicalId: string): Json[] {
  return Object.values(resourcesOf(synth.stateless, 'AWS::IAM::Policy'))
    .filter((p) => (p.Properties!.Roles as Json[]).some((r) => r.Ref === roleLogicalId))
    .flatMap((p) => p.Properties!.PolicyDocument.Statement as Json[]);
}

describe('surveys on AWS', () => {
  it('has the SMS topic and the inbound SMS topic, both encrypted with the application key', () => {
    for (const name of ['relais-test-sms', 'relais-test-sms-inbound']) {
      const topic = topicByName(name);
      expect(topic).toBeDefined();
      expect(topic![1].Properties!.KmsMasterKeyId).toBeDefined();
    }
  });

  it('lets only the account’s two-way SMS number publish replies to the inbound topic', () => {
    const [inboundId] = topicByName('relais-test-sms-inbound')!;
    const policy = Object.values(resourcesOf(synth.stateless, 'AWS::SNS::TopicPolicy')).find((p) =>
      (p.Properties!.Topics as Json[]).some((t) => t.Ref === inboundId),
    )!;
    expect(policy.Properties!.PolicyDocument.Statement).toContainEqual(
      expect.objectContaining({
        Effect: 'Allow',
        Action: 'sns:Publish',
        Principal: { Service: 'sms-voice.amazonaws.com' },
        Condition: { StringEquals: { 'aws:SourceAccount': expect.anything() } },
      }),
    );
  });

  it('subscribes the inbound Lambda to the inbound topic, with a dead-letter queue for its async retries', () => {
    const [inboundId] = topicByName('relais-test-sms-inbound')!;
    const fn = relaisFunctions(synth.stateless).get('surveys.inboundSms')!;
    expect(fn).toBeDefined();
    expect(fn.props.tags['relais:trigger']).toBe('topic');
    const subs = Object.values(resourcesOf(synth.stateless, 'AWS::SNS::Subscription')).filter(
      (s) => s.Properties!.TopicArn.Ref === inboundId,
    );
    expect(subs).toHaveLength(1);
    expect(subs[0]!.Properties).toMatchObject({ Protocol: 'lambda', Endpoint: { 'Fn::GetAtt': [fn.logicalId, 'Arn'] } });
    expect(fn.props.DeadLetterConfig?.TargetArn).toBeDefined();
  });

  it('sends through an encrypted queue with a DLQ, fed by an encrypted topic, drained at a bounded rate', () => {
    const queues = resourcesOf(synth.stateless, 'AWS::SQS::Queue');
    const [feedId, feed] = topicByName('relais-test-surveys-smsSend')!;
    expect(feed.Properties!.KmsMasterKeyId).toBeDefined();
    const sub = Object.values(resourcesOf(synth.stateless, 'AWS::SNS::Subscription')).find((s) => s.Properties!.TopicArn.Ref === feedId)!;
    expect(sub.Properties).toMatchObject({ Protocol: 'sqs', RawMessageDelivery: true });
    const queueId = sub.Properties!.Endpoint['Fn::GetAtt'][0] as string;
    const queue = queues[queueId]!.Properties!;
    expect(queue.KmsMasterKeyId).toBeDefined();
    expect(queue.RedrivePolicy.maxReceiveCount).toBe(5);
    const dlqId = queue.RedrivePolicy.deadLetterTargetArn['Fn::GetAtt'][0] as string;
    expect(queues[dlqId]!.Properties!.KmsMasterKeyId).toBeDefined();
    const sender = relaisFunctions(synth.stateless).get('surveys.smsSend')!;
    const mapping = Object.values(resourcesOf(synth.stateless, 'AWS::Lambda::EventSourceMapping')).find(
      (m) => m.Properties!.EventSourceArn['Fn::GetAtt']?.[0] === queueId,
    )!.Properties!;
    expect(mapping).toMatchObject({
      FunctionName: { Ref: sender.logicalId },
      BatchSize: 5,
      ScalingConfig: { MaximumConcurrency: 2 },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    // The DLQ's depth raises an alarm.
    const alarms = Object.values(resourcesOf(synth.stateless, 'AWS::CloudWatch::Alarm'));
    expect(alarms.some((a) => a.Properties!.Dimensions?.[0]?.Value?.['Fn::GetAtt']?.[0] === dlqId)).toBe(true);
  });

  it('gives the service’s functions the feed topic, and only the sender and the inbound function SMS to numbers', () => {
    const functions = relaisFunctions(synth.stateless);
    const [feedId] = topicByName('relais-test-surveys-smsSend')!;
    const dispatch = functions.get('surveys.dispatchDue')!;
    expect(dispatch.props.Environment.Variables.RELAIS_QUEUE_SURVEYS_SMSSEND).toEqual({ Ref: feedId });
    const publishesToNumbers = (key: string) =>
      statementsOfRole(functions.get(key)!.props.Role['Fn::GetAtt'][0]).some((s) => s.Sid === 'PublishSms' && s.Resource === '*');
    // The surveys send through AWS End User Messaging SMS (ADR 0035), not SNS.
    const sendsText = (key: string) =>
      statementsOfRole(functions.get(key)!.props.Role['Fn::GetAtt'][0]).some((s) => s.Sid === 'SendTextMessage');
    expect(sendsText('surveys.smsSend')).toBe(true);
    expect(sendsText('surveys.inboundSms')).toBe(true);
    expect(sendsText('surveys.smsDelivery')).toBe(false);
    expect(sendsText('surveys.dispatchDue')).toBe(false);
    expect(sendsText('surveys.surveyResults')).toBe(false);
    expect(publishesToNumbers('surveys.smsSend')).toBe(false);
    expect(publishesToNumbers('surveys.inboundSms')).toBe(false);
    expect(publishesToNumbers('surveys.surveyResults')).toBe(false);
    expect(publishesToNumbers('intake.recordReception')).toBe(false);
    // Notices to persons: the notifier's consumer, not its route, nor intake's (ADR 0020).
    expect(publishesToNumbers('notifications.personNotices')).toBe(true);
    expect(publishesToNumbers('notifications.rotateWebhookSecret')).toBe(false);
    expect(publishesToNumbers('intake.personNotices')).toBe(false);
  });

  it('sends through the stage’s configuration set from the account’s identities, and keeps only the stage’s opt-out list', () => {
    const functions = relaisFunctions(synth.stateless);
    const sender = functions.get('surveys.smsSend')!;
    const statements = statementsOfRole(sender.props.Role['Fn::GetAtt'][0]);
    const send = statements.find((s) => s.Sid === 'SendTextMessage')!;
    expect(send.Action).toBe('sms-voice:SendTextMessage');
    const resources = (send.Resource as Json[]).map(flat);
    expect(resources).toContainEqual(expect.stringMatching(/:sms-voice:.*:configuration-set\/relais-test-sms$/));
    expect(resources.filter((r) => r.endsWith('/*')).map((r) => r.split(':').pop())).toEqual(['pool/*', 'phone-number/*', 'sender-id/*']);
    const keep = statements.find((s) => s.Sid === 'KeepOptOutList')!;
    expect(keep.Action).toBe('sms-voice:PutOptedOutNumber');
    expect(flat(keep.Resource)).toMatch(/:sms-voice:.*:opt-out-list\/relais-test-opt-outs$/);
    expect(sender.props.Environment.Variables).toMatchObject({
      RELAIS_SMS_CONFIGURATION_SET: 'relais-test-sms',
      RELAIS_SMS_OPT_OUT_LIST: 'relais-test-opt-outs',
    });
    // No origination identity configured for the test stage: End User Messaging picks the account's.
    expect(sender.props.Environment.Variables.RELAIS_SMS_ORIGINATION_IDENTITY).toBeUndefined();
  });

  it('publishes the delivery events of a configuration set to the SMS events topic, which feeds the delivery consumer', () => {
    const [eventsId, eventsTopic] = topicByName('relais-test-sms-events')!;
    expect(eventsTopic.Properties!.KmsMasterKeyId).toBeDefined();
    const sets = Object.values(resourcesOf(synth.stateless, 'AWS::SMSVOICE::ConfigurationSet'));
    expect(sets).toHaveLength(1);
    expect(sets[0]!.Properties).toMatchObject({
      ConfigurationSetName: 'relais-test-sms',
      EventDestinations: [
        {
          Enabled: true,
          MatchingEventTypes: expect.arrayContaining(['TEXT_DELIVERED', 'TEXT_SUCCESSFUL', 'TEXT_UNREACHABLE']),
          SnsDestination: { TopicArn: { Ref: eventsId } },
        },
      ],
    });
    const policy = Object.values(resourcesOf(synth.stateless, 'AWS::SNS::TopicPolicy')).find((p) =>
      (p.Properties!.Topics as Json[]).some((t) => t.Ref === eventsId),
    )!;
    expect(policy.Properties!.PolicyDocument.Statement).toContainEqual(
      expect.objectContaining({ Action: 'sns:Publish', Principal: { Service: 'sms-voice.amazonaws.com' } }),
    );
    const consumer = relaisFunctions(synth.stateless).get('surveys.smsDelivery')!;
    const subs = Object.values(resourcesOf(synth.stateless, 'AWS::SNS::Subscription')).filter(
      (s) => s.Properties!.TopicArn.Ref === eventsId,
    );
    expect(subs.map((s) => s.Properties!.Endpoint)).toEqual([{ 'Fn::GetAtt': [consumer.logicalId, 'Arn'] }]);
  });

  it('keeps the opt-out list in the stateful stack, retained', () => {
    const lists = Object.values(resourcesOf(synth.stateful, 'AWS::SMSVOICE::OptOutList'));
    expect(lists).toHaveLength(1);
    expect(lists[0]).toMatchObject({
      Properties: { OptOutListName: 'relais-test-opt-outs' },
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
    expect(Object.keys(resourcesOf(synth.stateless, 'AWS::SMSVOICE::OptOutList'))).toEqual([]);
  });

  it('refuses at synthesis an origination identity that is none, naming the key', () => {
    const config = (context: Record<string, unknown>) => () =>
      readConfig(new App({ context: { 'relais:stages': ['test'], ...context } }).node);
    expect(config({ 'relais:smsOriginationIdentity': 'Relais Lot' })).toThrow(/relais:smsOriginationIdentity.*refusé/);
    expect(config({ 'relais:smsOriginationIdentity': 'pool-x' })).toThrow(/relais:smsOriginationIdentity.*refusé/);
    const ok = config({ 'relais:smsOriginationIdentity': { test: 'pool-0123456789abcdef0123456789abcdef' } })();
    expect(ok.stages[0]!.surveysEnvironment).toMatchObject({ RELAIS_SMS_ORIGINATION_IDENTITY: 'pool-0123456789abcdef0123456789abcdef' });
    const arn = 'arn:aws:sms-voice:eu-west-1:123456789012:pool/pool-0123456789abcdef0123456789abcdef';
    expect(config({ 'relais:smsOriginationIdentity': arn })().stages[0]!.surveysEnvironment.RELAIS_SMS_ORIGINATION_IDENTITY).toBe(arn);
  });

  it('raises an alarm on the SmsBudgetExceeded metric', () => {
    const alarm = Object.values(resourcesOf(synth.stateless, 'AWS::CloudWatch::Alarm')).find(
      (a) => a.Properties!.MetricName === 'SmsBudgetExceeded',
    )!;
    expect(alarm.Properties).toMatchObject({
      Namespace: 'Relais',
      Dimensions: [{ Name: 'service', Value: 'surveys' }],
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
    expect(alarm.Properties!.AlarmActions).toHaveLength(1);
  });

  it('runs the dispatcher every minute and does not deploy the local carrier route', () => {
    const rules = Object.values(resourcesOf(synth.stateless, 'AWS::Events::Rule'));
    expect(rules.some((r) => r.Properties!.ScheduleExpression === 'rate(1 minute)')).toBe(true);
    const routes = Object.values(resourcesOf(synth.stateless, 'AWS::ApiGatewayV2::Route')).map((r) => r.Properties!.RouteKey);
    expect(routes).toContain('GET /api/surveys/results');
    expect(routes).not.toContain('POST /api/sms/inbound');
    expect(surveysService.routes.find((r) => r.id === 'smsInbound')?.localOnly).toBe(true);
  });
});
