import type { Metrics } from '@aws-lambda-powertools/metrics';
import { createLogger } from './logger';

/**
 * Business counters (ADR 0020): CloudWatch metrics in the embedded metric format (EMF),
 * namespace `Relais`, dimension `service`, written by Powertools Metrics at the end of each
 * invocation (the kernel wrappers call `flushMetrics`). Outside Lambda (the local stack, tests)
 * nothing is printed but a debug log line: a counter can never break a request or a test.
 */
export const METRICS_NAMESPACE = 'Relais';

/** The counters, named once: dashboards and alarms rely on these names. */
export type BusinessMetric =
  | 'ReceptionRecorded'
  | 'ReferralsByStatus'
  | 'SmsSent'
  | 'PartnerNotified'
  | 'ConsumerFailed'
  /** A person was not told of her referral: the month's budget is spent (ADR 0033). */
  | 'PersonNoticeOverBudget';

const onLambda = () => !!process.env.AWS_LAMBDA_FUNCTION_NAME;
const instances = new Map<string, Metrics>();

function metricsOf(service: string): Metrics {
  let metrics = instances.get(service);
  if (!metrics) {
    // Loaded on Lambda only: the local stack never needs it.
    const { Metrics: PowertoolsMetrics } = require('@aws-lambda-powertools/metrics') as typeof import('@aws-lambda-powertools/metrics');
    metrics = new PowertoolsMetrics({ namespace: METRICS_NAMESPACE, serviceName: service });
    instances.set(service, metrics);
  }
  return metrics;
}

/**
 * Count one business fact. `dimension` splits the counter (a referral's status); it must be a
 * small closed set, never an id.
 */
export function countMetric(service: string, name: BusinessMetric, dimension?: { name: string; value: string }, value = 1): void {
  try {
    if (!onLambda()) {
      createLogger(service).debug('Metric', { metric: name, value, ...(dimension ? { [dimension.name]: dimension.value } : {}) });
      return;
    }
    const metrics = metricsOf(service);
    if (dimension) {
      // A metric with its own dimension is its own EMF blob.
      const single = metrics.singleMetric();
      single.addDimension(dimension.name, dimension.value);
      single.addMetric(name, 'Count', value);
      return;
    }
    metrics.addMetric(name, 'Count', value);
  } catch {
    // A counter never fails the work it counts.
  }
}

/** Write the invocation's stored counters (end of each handler; a no-op when none). */
export function flushMetrics(): void {
  if (!onLambda()) return;
  for (const metrics of instances.values()) {
    try {
      if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
    } catch {
      // idem
    }
  }
}
