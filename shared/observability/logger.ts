import { LogFormatter, LogItem, Logger } from '@aws-lambda-powertools/logger';
import type { LogAttributes, UnformattedAttributes } from '@aws-lambda-powertools/logger/types';
import { currentTrace } from './trace-context';

/**
 * The one logger factory (Powertools, JSON lines). Logs never carry personal data: the keys
 * below are masked wherever they appear, as a safety net behind the habit of logging only ids.
 */
const PERSONAL_KEYS = new Set(
  [
    'firstName',
    'lastName',
    'name',
    'birthDate',
    'phone',
    'sms',
    'email',
    'address',
    'summary',
    'informationGiven',
    'liaisonNote',
    'notes',
    'comment',
    'personView',
    'body',
    'from',
    'authorization',
    'token',
    'accessToken',
    'idToken',
    'password',
    'secret',
  ].map((k) => k.toLowerCase()),
);

export const REDACTED = '[masqué]';

export function redactPersonalData(key: string, value: unknown): unknown {
  if (key && PERSONAL_KEYS.has(key.toLowerCase()) && value !== undefined && value !== null && typeof value !== 'object') {
    return REDACTED;
  }
  return value;
}

/**
 * Powertools' JSON lines, with the trace of the invocation the line is written in (ADR 0020):
 * `correlation_id`, `causation_id` and the Lambda context (`function_name`, `function_request_id`,
 * `cold_start`…) come from the scope the kernel wrappers open, so every logger — the service's,
 * the relay's, a use case's — stamps them, and two invocations running at once in the local stack
 * never lend each other their ids (a logger's own `addContext` state would be shared).
 */
export class RelaisLogFormatter extends LogFormatter {
  formatAttributes(attributes: UnformattedAttributes, additionalLogAttributes: LogAttributes): LogItem {
    const trace = currentTrace();
    const lambda = trace?.lambda;
    const context = attributes.lambdaContext;
    const base: LogAttributes = {
      level: attributes.logLevel,
      message: attributes.message,
      timestamp: this.formatTimestamp(attributes.timestamp),
      service: attributes.serviceName,
      cold_start: context?.coldStart ?? (lambda ? coldStart(lambda.awsRequestId) : undefined),
      function_arn: context?.invokedFunctionArn ?? lambda?.invokedFunctionArn,
      function_memory_size: context?.memoryLimitInMB ?? lambda?.memoryLimitInMB,
      function_name: context?.functionName ?? lambda?.functionName,
      function_request_id: lambda?.awsRequestId ?? context?.awsRequestId,
      correlation_id: trace?.correlationId,
      causation_id: trace?.causationId,
      sampling_rate: attributes.sampleRateValue,
      xray_trace_id: attributes.xRayTraceId,
    };
    return new LogItem({ attributes: base }).addAttributes(additionalLogAttributes);
  }
}

/** The first invocation seen by this process is its cold start. */
let firstRequestId: string | undefined;
function coldStart(requestId: string | undefined): boolean | undefined {
  if (!requestId) return undefined;
  firstRequestId ??= requestId;
  return firstRequestId === requestId;
}

const loggers = new Map<string, Logger>();

export function createLogger(serviceName: string): Logger {
  let logger = loggers.get(serviceName);
  if (!logger) {
    logger = new Logger({
      serviceName,
      logLevel: (process.env.POWERTOOLS_LOG_LEVEL ?? process.env.LOG_LEVEL ?? 'INFO') as 'INFO',
      jsonReplacerFn: redactPersonalData,
      logFormatter: new RelaisLogFormatter(),
    });
    loggers.set(serviceName, logger);
  }
  return logger;
}
