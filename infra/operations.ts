import { Duration, Stack } from 'aws-cdk-lib';
import type * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as budgets from 'aws-cdk-lib/aws-budgets';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { ServiceManifest } from '../shared/manifest/manifest';
import type { StageConfig } from './config';
import type { RelaisFunction } from './constructs/relais-function';
import { type FunctionDecl, functionDecls, functionName } from './manifests';
import { pascal } from './stateful-stack';

/**
 * Operating a stage (issue 18, point 5; docs/adr/0031-operating-a-stage.md): alarms, one
 * dashboard and an AWS Budget, all derived from the manifests, all to the stage's one alarm topic.
 *
 * - per function (in its service's nested stack): Errors and Throttles; per outbox relay, the
 *   stream's iterator age;
 * - per queue at the end of a failure path (DLQs, failure queues): depth > 0 (building-blocks.ts);
 * - per stage (the stateless stack): API 5xx and latency p99, SMS month-to-date spend (SNS and End User Messaging), Amazon
 *   Location route-matrix calls, the services' EMF metrics (manifest `alarmMetrics`), the budget;
 * - the dashboard: a header row for the stage, then a row per service.
 */

/**
 * AWS End User Messaging SMS's account metric of the month's text-message spend, in USD
 * (https://docs.aws.amazon.com/sms-voice/latest/userguide/monitoring-cloudwatch.html,
 * « TextMessageMonthlySpend »; the CloudWatch console lists it under SMSVoice › Account metrics).
 */
export const SMS_VOICE_SPEND_METRIC = { namespace: 'AWS/SMSVoice', metricName: 'TextMessageMonthlySpend' } as const;

/** Stream records older than this are not being relayed: events wait, nothing else notices. */
export const ITERATOR_AGE_ALARM = Duration.minutes(5);

/** What a service's nested stack tells the dashboard: its functions and its dead-letter queues. */
export interface WatchedService {
  service: ServiceManifest;
  deadLetters: readonly { label: string; queue: sqs.IQueue }[];
}

function alarmTo(alarm: cloudwatch.Alarm, topic: sns.ITopic): cloudwatch.Alarm {
  alarm.addAlarmAction(new cwActions.SnsAction(topic));
  return alarm;
}

/**
 * A function's alarms: an error (an exception or a timeout — a caller's mistake is a 4xx answer,
 * not a Lambda error) or a throttle within five minutes; for a relay, records waiting in the stream.
 */
export function watchFunction(scope: Construct, decl: FunctionDecl, fn: RelaisFunction, topic: sns.ITopic): void {
  const id = `${pascal(decl.service.name)}${pascal(decl.id)}`;
  const what = `${decl.service.name}.${decl.id}`;
  const period = Duration.minutes(5);
  const common = {
    threshold: 1,
    evaluationPeriods: 1,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  };
  alarmTo(
    new cloudwatch.Alarm(scope, `${id}ErrorsAlarm`, {
      ...common,
      alarmDescription: `Erreurs de la fonction ${what} (exception ou délai dépassé) : lire ses journaux.`,
      metric: fn.function.metricErrors({ period, statistic: 'Sum' }),
    }),
    topic,
  );
  alarmTo(
    new cloudwatch.Alarm(scope, `${id}ThrottlesAlarm`, {
      ...common,
      alarmDescription: `Appels refusés faute de concurrence pour ${what} : vérifier le quota de concurrence du compte.`,
      metric: fn.function.metricThrottles({ period, statistic: 'Sum' }),
    }),
    topic,
  );
  if (decl.kind === 'relay') {
    alarmTo(
      new cloudwatch.Alarm(scope, `${id}IteratorAgeAlarm`, {
        alarmDescription: `Le relais ${what} prend du retard (plus de ${ITERATOR_AGE_ALARM.toMinutes()} minutes) : les événements attendent.`,
        metric: fn.function.metric('IteratorAge', { period, statistic: 'Maximum' }),
        threshold: ITERATOR_AGE_ALARM.toMilliseconds(),
        evaluationPeriods: 3,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
      topic,
    );
  }
}

export interface StageOperationsProps {
  stage: StageConfig;
  services: readonly ServiceManifest[];
  api: apigwv2.HttpApi;
  alarmTopic: sns.Topic;
  /** Per service with functions: its dead-letter queues (from its nested stack). */
  watched: ReadonlyMap<string, WatchedService>;
  /** The platform's own failure queues (schedules, topic-triggered functions). */
  platformDeadLetters: readonly { label: string; queue: sqs.IQueue }[];
}

/** The stage-wide alarms, the budget and the dashboard (in the stateless stack). */
export class StageOperations extends Construct {
  readonly dashboard: cloudwatch.Dashboard;
  readonly budget: budgets.CfnBudget;

  constructor(scope: Construct, id: string, props: StageOperationsProps) {
    super(scope, id);
    const { stage, api, alarmTopic } = props;
    const ops = stage.operations;
    const period = Duration.minutes(5);

    const api5xx = api.metricServerError({ period, statistic: 'Sum' });
    const apiP99 = api.metricLatency({ period, statistic: 'p99' });
    const apiCount = api.metricCount({ period, statistic: 'Sum', label: 'Requêtes' });
    alarmTo(
      new cloudwatch.Alarm(this, 'Api5xxAlarm', {
        alarmDescription: 'L’API a répondu 5xx : une réponse 5xx est toujours un défaut (jamais l’erreur de l’appelant).',
        metric: api5xx,
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
      alarmTopic,
    );
    alarmTo(
      new cloudwatch.Alarm(this, 'ApiLatencyAlarm', {
        alarmDescription: `Latence p99 de l’API au-dessus de ${ops.apiLatencyP99Ms} ms pendant 15 minutes.`,
        metric: apiP99,
        threshold: ops.apiLatencyP99Ms,
        evaluationPeriods: 3,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
      alarmTopic,
    );

    // Notices to persons are published through SNS to phone numbers (notifications): SNS reports that month's spend in the region.
    const smsSpend = new cloudwatch.Metric({
      namespace: 'AWS/SNS',
      metricName: 'SMSMonthToDateSpentUSD',
      statistic: 'Maximum',
      period: Duration.hours(1),
    });
    // Survey SMS go through AWS End User Messaging SMS (ADR 0035), which reports the account's
    // month-to-date text spend in the region as `AWS/SMSVoice` `TextMessageMonthlySpend` (no
    // dimension; published only once its service-linked role AWSServiceRoleForSMSVoice exists:
    // README, ops). Its own alarm at the same threshold: the two meters are separate (ADR 0045).
    const smsVoiceSpend = new cloudwatch.Metric({
      namespace: SMS_VOICE_SPEND_METRIC.namespace,
      metricName: SMS_VOICE_SPEND_METRIC.metricName,
      statistic: 'Maximum',
      period: Duration.hours(1),
    });
    const sendsSms = props.services.some((s) => s.needs?.sms);
    if (sendsSms) {
      alarmTo(
        new cloudwatch.Alarm(this, 'SmsVoiceSpendAlarm', {
          alarmDescription:
            `Dépense SMS du mois (AWS End User Messaging SMS, enquêtes) au-delà de ${ops.smsSpendAlarmUsd} USD : ` +
            'vérifier les envois d’enquêtes, le budget SMS et la limite de dépense du compte.',
          metric: smsVoiceSpend,
          threshold: ops.smsSpendAlarmUsd,
          evaluationPeriods: 1,
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        }),
        alarmTopic,
      );
      alarmTo(
        new cloudwatch.Alarm(this, 'SmsSpendAlarm', {
          alarmDescription: `Dépense SMS du mois au-delà de ${ops.smsSpendAlarmUsd} USD : vérifier les envois d’enquêtes et le budget SMS.`,
          metric: smsSpend,
          threshold: ops.smsSpendAlarmUsd,
          evaluationPeriods: 1,
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        }),
        alarmTopic,
      );
    }

    // Route matrices are Amazon Location's costly calls (the coverage job; public routes never
    // make one, ADR 0008): an hour far above the job's usual volume is a loop or an abuse.
    const routeMatrixCalls = new cloudwatch.Metric({
      namespace: 'AWS/Location',
      metricName: 'CallCount',
      dimensionsMap: { OperationName: 'CalculateRouteMatrix' },
      statistic: 'Sum',
      period: Duration.hours(1),
    });
    const placeCalls = new cloudwatch.Metric({
      namespace: 'AWS/Location',
      metricName: 'CallCount',
      dimensionsMap: { OperationName: 'SearchPlaceIndexForText' },
      statistic: 'Sum',
      period: Duration.hours(1),
    });
    alarmTo(
      new cloudwatch.Alarm(this, 'LocationCallsAlarm', {
        alarmDescription: `Plus de ${ops.locationCallsPerHour} appels Amazon Location (matrices de trajets) en une heure : boucle ou abus, chaque appel est facturé.`,
        metric: routeMatrixCalls,
        threshold: ops.locationCallsPerHour,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
      alarmTopic,
    );

    // AWS Budgets notifies the alarm topic: it needs to publish to it (and to use its key, which
    // the stateless stack grants to budgets.amazonaws.com for this account).
    const budgetPublish = alarmTopic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'BudgetNotifications',
        principals: [new iam.ServicePrincipal('budgets.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [alarmTopic.topicArn],
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
    );
    const subscribers = [{ subscriptionType: 'SNS', address: alarmTopic.topicArn }];
    this.budget = new budgets.CfnBudget(this, 'MonthlyBudget', {
      budget: {
        budgetName: `relais-${stage.name}`,
        budgetType: 'COST',
        timeUnit: 'MONTHLY',
        budgetLimit: { amount: ops.monthlyBudgetUsd, unit: 'USD' },
      },
      notificationsWithSubscribers: [
        { threshold: 80, notificationType: 'ACTUAL' },
        { threshold: 100, notificationType: 'ACTUAL' },
        { threshold: 100, notificationType: 'FORECASTED' },
      ].map((n) => ({
        notification: { ...n, comparisonOperator: 'GREATER_THAN', thresholdType: 'PERCENTAGE' },
        subscribers,
      })),
    });
    // AWS Budgets checks that it may publish when the notification is created: topic policy first.
    this.budget.node.addDependency(alarmTopic);
    if (budgetPublish.policyDependable) this.budget.node.addDependency(budgetPublish.policyDependable);

    // -------------------------------------------------------------------------------------------
    // The dashboard: the stage first, then one row per service, in the manifests' order.
    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: `relais-${stage.name}`,
      defaultInterval: Duration.days(1),
    });
    const width = 24 / 4;
    this.dashboard.addWidgets(
      new cloudwatch.TextWidget({
        markdown: `# Relais ${stage.name}\nAPI, coûts et files d’échec de la plateforme ; puis une ligne par service (routes, consommateurs, files d’échec).`,
        width: 24,
        height: 2,
      }),
    );
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'API : requêtes et 5xx',
        left: [apiCount],
        right: [api5xx.with({ label: 'Réponses 5xx' })],
        width,
        height: 6,
      }),
      new cloudwatch.GraphWidget({ title: 'API : latence p99 (ms)', left: [apiP99.with({ label: 'Latence p99 (ms)' })], width, height: 6 }),
      new cloudwatch.GraphWidget({
        title: 'Coûts variables',
        left: [routeMatrixCalls.with({ label: 'Location : matrices de trajets' }), placeCalls.with({ label: 'Location : géocodages' })],
        right: sendsSms
          ? [
              smsSpend.with({ label: 'SMS (SNS, avis) : dépense du mois (USD)' }),
              smsVoiceSpend.with({ label: 'SMS (End User Messaging, enquêtes) : dépense du mois (USD)' }),
            ]
          : [],
        width,
        height: 6,
      }),
      deadLetterWidget('Plateforme : files d’échec', props.platformDeadLetters, width),
    );
    for (const service of props.services) {
      const decls = functionDecls([service]);
      if (decls.length === 0) continue;
      // Graphed by their fixed names; a name too long to be fixed (none today) keeps its alarms only.
      const named = decls.filter((d) => functionName(stage.name, d) !== undefined);
      const routes = named.filter((d) => d.kind === 'route');
      const consumers = named.filter((d) => d.kind !== 'route');
      const metric = (d: FunctionDecl, name: string, statistic: string) => lambdaMetric(stage.name, d, name, statistic, period);
      this.dashboard.addWidgets(new cloudwatch.TextWidget({ markdown: `## ${service.name}`, width: 24, height: 1 }));
      this.dashboard.addWidgets(
        new cloudwatch.GraphWidget({
          title: `${service.name} : routes, erreurs`,
          left: routes.map((d) => metric(d, 'Errors', 'Sum')),
          width,
          height: 6,
          legendPosition: cloudwatch.LegendPosition.HIDDEN,
        }),
        new cloudwatch.GraphWidget({
          title: `${service.name} : routes, durée p99 (ms)`,
          left: routes.map((d) => metric(d, 'Duration', 'p99')),
          width,
          height: 6,
          legendPosition: cloudwatch.LegendPosition.HIDDEN,
        }),
        new cloudwatch.GraphWidget({
          title: `${service.name} : consommateurs, erreurs`,
          left: consumers.map((d) => metric(d, 'Errors', 'Sum')),
          right: consumers.filter((d) => d.kind === 'relay').map((d) => metric(d, 'IteratorAge', 'Maximum')),
          width,
          height: 6,
        }),
        deadLetterWidget(`${service.name} : files d’échec`, props.watched.get(service.name)?.deadLetters ?? [], width),
      );
    }
  }
}

/**
 * A function's metric by its fixed name (`relais-<stage>-<service>-<id>`): the dashboard reads it
 * without a reference into the service's nested stack (a nested stack has at most 200 outputs).
 */
function lambdaMetric(stage: string, decl: FunctionDecl, metricName: string, statistic: string, period: Duration) {
  return new cloudwatch.Metric({
    namespace: 'AWS/Lambda',
    metricName,
    dimensionsMap: { FunctionName: functionName(stage, decl)! },
    statistic,
    period,
    label: decl.id,
  });
}

function deadLetterWidget(title: string, queues: readonly { label: string; queue: sqs.IQueue }[], width: number) {
  return new cloudwatch.GraphWidget({
    title,
    left: queues.map(({ label, queue }) =>
      queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum', label }),
    ),
    width,
    height: 6,
  });
}
