import { createLogger } from './logger';

/**
 * Business counters (ADR 0020): CloudWatch metrics in the embedded metric format (EMF),
 * namespace `Relais`, dimension `service`, written at the end of each invocation (the kernel
 * wrappers call `flushMetrics`) in the lines Powertools Metrics writes, by this module rather
 * than the library (25 KB in every function that counts; ADR 0062). Outside Lambda (the local
 * stack, tests) nothing is printed but a debug log line: a counter can never break a request or a
 * test.
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
  | 'PersonNoticeOverBudget'
  /** An erased person's appointment could not be cancelled in its organisation's agenda, given up (ADR 0065). */
  | 'ExternalCancelAbandoned';

const onLambda = () => !!process.env.AWS_LAMBDA_FUNCTION_NAME;

/** The counters of the invocation, per service, until `flushMetrics` writes them. */
const stored = new Map<string, Map<BusinessMetric, number[]>>();

/** One EMF line: the metrics' values at the root, their declaration under `_aws`. */
export function emfLine(service: string, values: ReadonlyMap<string, number[]>, dimension?: { name: string; value: string }): string {
  const dimensions = dimension ? ['service', dimension.name] : ['service'];
  const line: Record<string, unknown> = {
    _aws: {
      Timestamp: Date.now(),
      CloudWatchMetrics: [
        { Namespace: METRICS_NAMESPACE, Dimensions: [dimensions], Metrics: [...values.keys()].map((Name) => ({ Name, Unit: 'Count' })) },
      ],
    },
    service,
    ...(dimension ? { [dimension.name]: dimension.value } : {}),
  };
  for (const [name, list] of values) line[name] = list.length === 1 ? list[0] : list;
  return JSON.stringify(line);
}

const print = (line: string) => process.stdout.write(`${line}\n`);

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
    if (dimension) {
      // A metric with its own dimension is its own EMF line, written at once.
      print(emfLine(service, new Map([[name, [value]]]), dimension));
      return;
    }
    let metrics = stored.get(service);
    if (!metrics) {
      metrics = new Map();
      stored.set(service, metrics);
    }
    const list = metrics.get(name);
    if (list) list.push(value);
    else metrics.set(name, [value]);
  } catch {
    // A counter never fails the work it counts.
  }
}

/** Write the invocation's stored counters (end of each handler; a no-op when none). */
export function flushMetrics(): void {
  if (!onLambda()) return;
  for (const [service, metrics] of stored) {
    try {
      if (metrics.size > 0) print(emfLine(service, metrics));
    } catch {
      // idem
    }
  }
  stored.clear();
}
