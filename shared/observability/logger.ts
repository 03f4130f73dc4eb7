import { currentTrace } from './trace-context';

/**
 * The one logger factory (JSON lines in Powertools' format). Logs never carry personal data: the keys
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

/** The levels, as Powertools numbers them; `SILENT` writes nothing. */
const LEVELS = { TRACE: 6, DEBUG: 8, INFO: 12, WARN: 16, ERROR: 20, CRITICAL: 24, SILENT: 28 } as const;
type LevelName = keyof typeof LEVELS;

/** What the services call; the four levels are all the code uses. */
export interface Logger {
  debug(message: string, ...extra: unknown[]): void;
  info(message: string, ...extra: unknown[]): void;
  warn(message: string, ...extra: unknown[]): void;
  error(message: string, ...extra: unknown[]): void;
}

/**
 * The log level, read at each line so a test or the local stack can change it: Lambda's own log
 * level setting first (`AWS_LAMBDA_LOG_LEVEL`, as Powertools reads it), then the declared
 * `POWERTOOLS_LOG_LEVEL` (checked at start by the settings), then `LOG_LEVEL`; INFO by default.
 */
function threshold(): number {
  for (const raw of [process.env.AWS_LAMBDA_LOG_LEVEL, process.env.POWERTOOLS_LOG_LEVEL, process.env.LOG_LEVEL]) {
    const level = raw?.toUpperCase() as LevelName | undefined;
    if (level && level in LEVELS) return LEVELS[level];
  }
  return LEVELS.INFO;
}

/** An error as Powertools writes it: name, where it was thrown, message, stack, cause. */
function formatError(error: Error): Record<string, unknown> {
  const location = /\(([^)]+:\d+:\d+)\)/.exec(error.stack ?? '')?.[1] ?? '';
  return {
    name: error.name,
    location,
    message: error.message,
    stack: error.stack,
    ...(error.cause instanceof Error ? { cause: formatError(error.cause) } : error.cause !== undefined ? { cause: error.cause } : {}),
  };
}

/** The X-Ray trace id of the invocation (`Root=` of `_X_AMZN_TRACE_ID`), as Powertools logs it. */
function xrayTraceId(): string | undefined {
  return /Root=([^;]+)/.exec(process.env._X_AMZN_TRACE_ID ?? '')?.[1];
}

/** Personal data masked, errors written out, BigInts as strings, cycles cut. */
function replacer(): (key: string, value: unknown) => unknown {
  const seen = new WeakSet<object>();
  return (key, value) => {
    const masked = redactPersonalData(key, value);
    if (masked !== value) return masked;
    if (typeof value === 'bigint') return value.toString();
    if (value instanceof Error) return formatError(value);
    if (typeof value === 'object' && value !== null) {
      if (seen.has(value)) return '[Circular]';
      seen.add(value);
    }
    return value;
  };
}

/**
 * JSON lines in Powertools Logger's format (the same keys, so CloudWatch queries and the
 * dashboards read them unchanged), written by these forty lines rather than the library: it was
 * 21 KB in every function (docs/adr/0062-logs-and-counters-without-powertools.md). Each line carries the trace of the invocation it is
 * written in (ADR 0020): `correlation_id`, `causation_id` and the Lambda context
 * (`function_name`, `function_request_id`, `cold_start`…) come from the scope the kernel wrappers
 * open, so every logger — the service's, the relay's, a use case's — stamps them, and two
 * invocations running at once in the local stack never lend each other their ids.
 */
function write(serviceName: string, level: Exclude<LevelName, 'SILENT'>, message: string, extra: unknown[]): void {
  if (LEVELS[level] < threshold()) return;
  const trace = currentTrace();
  const lambda = trace?.lambda;
  const line: Record<string, unknown> = {
    level,
    message,
    timestamp: new Date().toISOString(),
    service: serviceName,
    cold_start: lambda ? coldStart(lambda.awsRequestId) : undefined,
    function_arn: lambda?.invokedFunctionArn,
    function_memory_size: lambda?.memoryLimitInMB,
    function_name: lambda?.functionName,
    function_request_id: lambda?.awsRequestId,
    correlation_id: trace?.correlationId,
    causation_id: trace?.causationId,
    xray_trace_id: xrayTraceId(),
  };
  for (const item of extra) {
    if (item instanceof Error) line.error = item;
    else if (typeof item === 'string') line.extra = item;
    else if (typeof item === 'object' && item !== null) Object.assign(line, item);
  }
  for (const key of Object.keys(line)) if (line[key] === undefined || line[key] === null || line[key] === '') delete line[key];
  let text: string;
  try {
    text = JSON.stringify(line, replacer());
  } catch {
    text = JSON.stringify({ level, message, timestamp: line.timestamp, service: serviceName, extra: '[non sérialisable]' });
  }
  // As Powertools' console: warnings and errors on stderr, the rest on stdout (both reach CloudWatch).
  (LEVELS[level] >= LEVELS.WARN ? process.stderr : process.stdout).write(`${text}\n`);
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
    logger = {
      debug: (message, ...extra) => write(serviceName, 'DEBUG', message, extra),
      info: (message, ...extra) => write(serviceName, 'INFO', message, extra),
      warn: (message, ...extra) => write(serviceName, 'WARN', message, extra),
      error: (message, ...extra) => write(serviceName, 'ERROR', message, extra),
    };
    loggers.set(serviceName, logger);
  }
  return logger;
}
