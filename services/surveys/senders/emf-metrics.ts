import type { Metrics } from '../domain/surveys.ports';

/**
 * Metrics in CloudWatch's embedded metric format: one JSON line on stdout that Lambda's log
 * agent turns into a metric (namespace `Relais`, dimension `service`), which the stack's alarm
 * watches. Locally the same line shows in the stack's output. (@aws-lambda-powertools/metrics
 * is not a dependency; this is the format it writes.)
 */
export class EmfMetrics implements Metrics {
  constructor(
    private readonly service = 'surveys',
    private readonly write: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
  ) {}

  count(name: string, value = 1): void {
    this.write(
      JSON.stringify({
        _aws: {
          Timestamp: Date.now(),
          CloudWatchMetrics: [{ Namespace: 'Relais', Dimensions: [['service']], Metrics: [{ Name: name, Unit: 'Count' }] }],
        },
        service: this.service,
        [name]: value,
      }),
    );
  }
}
