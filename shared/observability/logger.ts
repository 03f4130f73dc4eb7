import { Logger } from '@aws-lambda-powertools/logger';

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

const loggers = new Map<string, Logger>();

export function createLogger(serviceName: string): Logger {
  let logger = loggers.get(serviceName);
  if (!logger) {
    logger = new Logger({
      serviceName,
      logLevel: (process.env.POWERTOOLS_LOG_LEVEL ?? process.env.LOG_LEVEL ?? 'INFO') as 'INFO',
      jsonReplacerFn: redactPersonalData,
    });
    loggers.set(serviceName, logger);
  }
  return logger;
}
