import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { acknowledge } from './compliance';
import { pascal } from './stateful-stack';

/**
 * The small resources the stateless stack and its per-service nested stacks both build, always
 * the same way: encrypted with the application key, TLS only, watched by an alarm.
 */

/** An SNS topic — SECURITY.md: customer-managed key for every topic; TLS only. */
export function encryptedTopic(scope: Construct, id: string, key: kms.IKey, topicName: string, displayName: string): sns.Topic {
  return new sns.Topic(scope, id, { topicName, displayName, masterKey: key, enforceSSL: true });
}

export function encryptedLogGroup(scope: Construct, id: string, key: kms.IKey, retention: logs.RetentionDays): logs.LogGroup {
  return new logs.LogGroup(scope, id, { encryptionKey: key, retention });
}

/** An alarm (to the alarm topic) as soon as a queue holds a message. */
export function alarmOnDepth(scope: Construct, id: string, queue: sqs.IQueue, description: string, alarmTopic: sns.ITopic): void {
  const alarm = new cloudwatch.Alarm(scope, id, {
    alarmDescription: description,
    metric: queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }),
    threshold: 1,
    evaluationPeriods: 1,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  });
  alarm.addAlarmAction(new cwActions.SnsAction(alarmTopic));
}

/** A queue at the end of a failure path (nothing redrives it automatically), with its alarm. */
export function failureQueue(scope: Construct, id: string, what: string, key: kms.IKey, alarmTopic: sns.ITopic): sqs.Queue {
  const queue = new sqs.Queue(scope, id, {
    encryption: sqs.QueueEncryption.KMS,
    encryptionMasterKey: key,
    enforceSSL: true,
    retentionPeriod: Duration.days(14),
  });
  alarmOnDepth(scope, `${id}Alarm`, queue, `Échecs : ${what}`, alarmTopic);
  return queue;
}

export function acknowledgeTerminalQueue(queue: sqs.Queue, what: string): void {
  acknowledge(
    queue,
    'AwsSolutions-SQS3',
    `This queue is itself the dead-letter destination of ${what}; a DLQ behind it would only move the same ` +
      'messages again. Its depth raises an alarm.',
  );
}

/** An alarm on a metric the service's functions emit (namespace `Relais`, dimension `service`). */
export function metricAlarm(scope: Construct, service: string, name: string, description: string, alarmTopic: sns.ITopic): void {
  const alarm = new cloudwatch.Alarm(scope, `${pascal(service)}${name}Alarm`, {
    alarmDescription: description,
    metric: new cloudwatch.Metric({
      namespace: 'Relais',
      metricName: name,
      dimensionsMap: { service },
      statistic: 'Sum',
      period: Duration.minutes(5),
    }),
    threshold: 1,
    evaluationPeriods: 1,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  });
  alarm.addAlarmAction(new cwActions.SnsAction(alarmTopic));
}

/** Publish to an SNS topic or read a secret encrypted with the application key. */
export function appKeyUse(sid: string, key: kms.IKey): iam.PolicyStatement {
  return new iam.PolicyStatement({ sid, actions: ['kms:GenerateDataKey', 'kms:Decrypt'], resources: [key.keyArn] });
}
