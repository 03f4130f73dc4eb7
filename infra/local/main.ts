// Lambdas run on Node 22; on a Node 20 workstation the SDK's reminder about it is noise.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

import { SettingsError } from '../../shared/config/declare';
import { checkStartupSettings } from '../../shared/config/startup';
import { createLogger } from '../../shared/observability/logger';
import { SERVICES } from '../../services/index';
import { startLocalStack } from './stack';

/** `npm start`: Relais on this machine, with the Lot demo data. */
const logger = createLogger('local-stack');

async function main(): Promise<void> {
  // Before DynamoDB Local or anything else: a malformed setting stops `npm start` at once.
  checkStartupSettings(SERVICES);
  const stack = await startLocalStack();
  logger.info(`Relais est prêt : ${stack.url}`, { url: stack.url });
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info('Arrêt en cours…', { signal });
    stack
      .stop()
      .then(() => process.exit(0))
      .catch(() => process.exit(1));
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  // The events left pending by the previous run are republished in the background (ADR 0015).
  stack.backlogDrained
    .then((replayed) => {
      if (stopping) return;
      logger.info(
        replayed > 0
          ? `Événements en attente rattrapés : ${replayed} republié${replayed > 1 ? 's' : ''}`
          : 'Aucun événement en attente à rattraper',
        { backlog: 'drained', replayed },
      );
    })
    .catch(() => undefined);
}

main().catch((error: Error) => {
  if (error instanceof SettingsError) {
    // Plain text on stderr, for the person who typed `npm start`: the variables and their rules.
    process.stderr.write(`Relais ne démarre pas / Relais does not start.\n${error.message}\n`);
    process.exit(78); // EX_CONFIG
  }
  logger.error(`Relais n’a pas pu démarrer : ${error.message}`);
  process.exit(1);
});
