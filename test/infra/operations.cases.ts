/**
 * Operating a stage (issue 18, point 5; ADR 0031), read on the synthesised stateless stack (its
 * nested stacks merged): every function has its error and throttle alarms, every relay its
 * iterator-age alarm, every dead-letter queue its depth alarm, the API its 5xx and p99 alarms,
 * the stage its SMS spend and Amazon Location alarms and its AWS Budget; one dashboard names
 * every service. One synthesis for the file.
 */
import { App } from 'aws-cdk-lib';
import { readConfig } from '../../infra/config';
import { functionDecls, functionName } from '../../infra/manifests';
import { SERVICES } from '../../services';
import { type Json, STAGE, type Synthesised, flat, relaisFunctions, resourcesOf, synthRelais } from './support';

let synth: Synthesised;
beforeAll(() => {
  synth = synthRelais({
    services: SERVICES,
    context: { 'relais:alarmEmail': 'exploitation@lot.fr', 'relais:monthlyBudgetUsd': 250 },
  });
});

const alarms = () => Object.values(resourcesOf(synth.stateless, 'AWS::CloudWatch::Alarm')).map((a) => a.Properties as Json);
const alarmTopic = () => {
  const [id] = Object.entries(resourcesOf(synth.stateless, 'AWS::SNS::Topic')).find(
    ([, t]) => t.Properties!.TopicName === `relais-${STAGE}-alarms`,
  )!;
  return id;
};

describe('alarms of a stage', () => {
  it('gives every function built from the manifests an error alarm and a throttle alarm, to the alarm topic', () => {
    const functions = relaisFunctions(synth.stateless);
    expect(functions.size).toBe(functionDecls(SERVICES).length);
    const lambdaAlarms = alarms().filter((a) => a.Namespace === 'AWS/Lambda');
    for (const metric of ['Errors', 'Throttles']) {
      const watched = lambdaAlarms.filter((a) => a.MetricName === metric).map((a) => a.Dimensions[0].Value.Ref);
      expect(watched).toHaveLength(functions.size);
      expect(new Set(watched)).toEqual(new Set([...functions.values()].map((f) => f.logicalId)));
    }
    for (const alarm of lambdaAlarms) {
      expect(alarm.AlarmActions).toEqual([{ Ref: alarmTopic() }]);
      expect(alarm.TreatMissingData).toBe('notBreaching');
    }
  });

  it('watches the stream iterator age of every outbox relay', () => {
    const functions = relaisFunctions(synth.stateless);
    const relays = [...functions].filter(([id]) => id.split('.')[1]!.startsWith('relay-')).map(([, f]) => f.logicalId);
    expect(relays.length).toBeGreaterThan(0);
    const watched = alarms()
      .filter((a) => a.MetricName === 'IteratorAge')
      .map((a) => a.Dimensions[0].Value.Ref);
    expect(new Set(watched)).toEqual(new Set(relays));
    expect(watched).toHaveLength(relays.length);
  });

  it('raises an alarm as soon as any dead-letter or failure queue holds a message', () => {
    const queues = resourcesOf(synth.stateless, 'AWS::SQS::Queue');
    // A dead-letter queue: named by another queue's redrive policy, or at the end of a failure path (no redrive of its own).
    const deadLetters = Object.entries(queues)
      .filter(([, q]) => !q.Properties!.RedrivePolicy)
      .map(([id]) => id);
    const redriveTargets = Object.values(queues)
      .map((q) => q.Properties!.RedrivePolicy?.deadLetterTargetArn?.['Fn::GetAtt']?.[0])
      .filter(Boolean);
    for (const target of redriveTargets) expect(deadLetters).toContain(target);
    const depth = alarms().filter((a) => a.Namespace === 'AWS/SQS' && a.MetricName === 'ApproximateNumberOfMessagesVisible');
    expect(depth.length).toBe(deadLetters.length);
    expect(new Set(depth.map((a) => a.Dimensions[0].Value['Fn::GetAtt'][0]))).toEqual(new Set(deadLetters));
    for (const alarm of depth) {
      expect(alarm).toMatchObject({ Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold' });
      expect(alarm.AlarmActions).toEqual([{ Ref: alarmTopic() }]);
    }
  });

  it('watches the API (5xx, latency p99), the SMS spend, Amazon Location calls and the SMS budget metric', () => {
    const all = alarms();
    const api = all.filter((a) => a.Namespace === 'AWS/ApiGateway');
    expect(api.map((a) => a.MetricName ?? a.ExtendedStatistic).sort()).toEqual(['5xx', 'Latency']);
    expect(api.find((a) => a.MetricName === 'Latency')).toMatchObject({ ExtendedStatistic: 'p99', Threshold: 3000 });
    expect(all.find((a) => a.MetricName === 'SMSMonthToDateSpentUSD')).toMatchObject({ Namespace: 'AWS/SNS', Threshold: 100 });
    expect(all.find((a) => a.Namespace === 'AWS/Location')).toMatchObject({
      MetricName: 'CallCount',
      Dimensions: [{ Name: 'OperationName', Value: 'CalculateRouteMatrix' }],
      Threshold: 5000,
    });
    expect(all.find((a) => a.MetricName === 'SmsBudgetExceeded')).toMatchObject({ Namespace: 'Relais' });
    // Every alarm of the stage goes to the one alarm topic.
    for (const alarm of all) expect(alarm.AlarmActions).toEqual([{ Ref: alarmTopic() }]);
  });

  it('subscribes the configured address to the alarm topic', () => {
    const subs = Object.values(resourcesOf(synth.stateless, 'AWS::SNS::Subscription')).filter((s) => s.Properties!.Protocol === 'email');
    expect(subs.map((s) => s.Properties)).toEqual([
      expect.objectContaining({ Endpoint: 'exploitation@lot.fr', TopicArn: { Ref: alarmTopic() } }),
    ]);
  });

  it('refuses an alarm address that is not one, in French, at synthesis', () => {
    const app = new App({ context: { 'relais:stages': ['test'], 'relais:alarmEmail': 'exploitation.lot.fr' } });
    expect(() => readConfig(app.node)).toThrow(/relais:alarmEmail : « exploitation\.lot\.fr » n’est pas une adresse électronique valide/);
    const negative = new App({ context: { 'relais:stages': ['test'], 'relais:monthlyBudgetUsd': '-5' } });
    expect(() => readConfig(negative.node)).toThrow(/relais:monthlyBudgetUsd : « -5 » doit être un nombre positif/);
  });
});

describe('budget of a stage', () => {
  it('is a monthly cost budget of the configured amount, notifying the alarm topic at 80 % and 100 %', () => {
    const resources = Object.values(resourcesOf(synth.stateless, 'AWS::Budgets::Budget'));
    const budgets = resources.map((b) => b.Properties as Json);
    expect(budgets).toHaveLength(1);
    // Created after the topic policy that lets it publish (AWS Budgets checks it at creation).
    const [topicPolicy] = Object.entries(resourcesOf(synth.stateless, 'AWS::SNS::TopicPolicy')).find(([, p]) =>
      p.Properties!.Topics.some((t: Json) => t.Ref === alarmTopic()),
    )!;
    expect(resources[0]!.DependsOn).toContain(topicPolicy);
    const [budget] = budgets;
    expect(budget.Budget).toMatchObject({
      BudgetName: `relais-${STAGE}`,
      BudgetType: 'COST',
      TimeUnit: 'MONTHLY',
      BudgetLimit: { Amount: 250, Unit: 'USD' },
    });
    const actual = budget.NotificationsWithSubscribers.filter((n: Json) => n.Notification.NotificationType === 'ACTUAL');
    expect(actual.map((n: Json) => n.Notification.Threshold).sort()).toEqual([100, 80]);
    for (const n of budget.NotificationsWithSubscribers) {
      expect(n.Notification).toMatchObject({ ComparisonOperator: 'GREATER_THAN', ThresholdType: 'PERCENTAGE' });
      expect(n.Subscribers).toEqual([{ SubscriptionType: 'SNS', Address: { Ref: alarmTopic() } }]);
    }
  });

  it('lets AWS Budgets publish to the encrypted alarm topic, for this account only', () => {
    const policies = Object.values(resourcesOf(synth.stateless, 'AWS::SNS::TopicPolicy')).filter((p) =>
      p.Properties!.Topics.some((t: Json) => t.Ref === alarmTopic()),
    );
    const statements = policies.flatMap((p) => p.Properties!.PolicyDocument.Statement as Json[]);
    expect(statements).toContainEqual(
      expect.objectContaining({
        Effect: 'Allow',
        Principal: { Service: 'budgets.amazonaws.com' },
        Action: 'sns:Publish',
        Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
      }),
    );
    const keys = Object.values(resourcesOf(synth.stateless, 'AWS::KMS::Key'));
    const keyStatements = keys.flatMap((k) => k.Properties!.KeyPolicy.Statement as Json[]);
    expect(keyStatements).toContainEqual(
      expect.objectContaining({ Principal: { Service: 'budgets.amazonaws.com' }, Action: ['kms:Decrypt', 'kms:GenerateDataKey*'] }),
    );
  });
});

describe('dashboard of a stage', () => {
  it('is one dashboard, named after the stage, with a row per service naming its functions and its failure queues', () => {
    const dashboards = Object.values(resourcesOf(synth.stateless, 'AWS::CloudWatch::Dashboard'));
    expect(dashboards).toHaveLength(1);
    expect(dashboards[0]!.Properties!.DashboardName).toBe(`relais-${STAGE}`);
    const body = flat(dashboards[0]!.Properties!.DashboardBody);
    for (const service of SERVICES) {
      const decls = functionDecls([service]);
      if (decls.length === 0) continue;
      expect(body).toContain(`## ${service.name}`);
      expect(body).toContain(`${service.name} : routes, erreurs`);
      expect(body).toContain(`${service.name} : files d’échec`);
      for (const decl of decls) expect(body).toContain(`"${functionName(STAGE, decl)}"`);
    }
    // Each failure queue appears by its name (an output of its service's nested stack, merged).
    const deadLetters = Object.entries(resourcesOf(synth.stateless, 'AWS::SQS::Queue'))
      .filter(([, q]) => !q.Properties!.RedrivePolicy)
      .map(([id]) => id);
    for (const id of deadLetters) expect(body).toContain(`<${id}.QueueName>`);
  });
});
