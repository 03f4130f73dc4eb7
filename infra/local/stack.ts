import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { SERVICES } from '../../services/index';
import { resetLocalKeys } from '../../shared/auth/local-jwt';
import { resetSettings } from '../../shared/config/settings';
import { checkStartupSettings } from '../../shared/config/startup';
import { ddb, rawClientConfig, resetDdb } from '../../shared/dynamo/client';
import { onLocalCommit } from '../../shared/dynamo/commit-barrier';
import { setOutboxBacklog } from '../../shared/events/backlog';
import { registerPublisher } from '../../shared/events/publisher';
import { sweepOutbox } from '../../shared/events/relay';
import { ulid } from '../../shared/ids/ulid';
import { createLogger } from '../../shared/observability/logger';
import { registerLocalQueues } from '../../shared/queue/queue';
import { type DynamoDbLocal, startDynamoDbLocal } from './dynamodb-local';
import { LocalEventBus } from './event-bus';
import { createLocalHttpServer } from './http-server';
import { LocalQueueRunner } from './queues';
import { startSchedules } from './schedules';
import { StreamPoller } from './stream-poller';
import { ensureTables, localTables } from './tables';

/**
 * Between two reads of the streams when nothing was committed in this process. Every outbox
 * item is written in a transaction, and each transaction of this process reads the streams at
 * once (the commit barrier's kick), so the idle round only catches writes from elsewhere: each
 * round is a GetRecords per outbox table on DynamoDB Local, which at 500 ms cost an idle stack
 * about a tenth of a core (Java and Node together).
 */
const STREAM_IDLE_POLL_MS = 2_000;

export const REPO_ROOT = resolve(__dirname, '..', '..');
const logger = createLogger('local-stack');

export interface LocalStackOptions {
  /** HTTP port; 0 for any free port. Default: PORT or 3000. */
  port?: number;
  /** Where DynamoDB Local's files and the signing key live. Default: RELAIS_DATA_DIR or `.relais`. */
  dataDir?: string;
  /** Keep the database in memory (tests). */
  inMemory?: boolean;
  /** Use an already running DynamoDB Local (tests share one). */
  dynamoEndpoint?: string;
  /** Prefix of physical table names. */
  tablePrefix?: string;
  /** Load the Lot demo directory (idempotent). Default true. */
  seedDemo?: boolean;
  /** Build the SPA when web/dist is missing. Default true. */
  buildSpa?: boolean;
  /** Compress all of web/dist at start, ahead of the first visitor. Default true; test stacks do not. */
  warmStatic?: boolean;
  /** First retry delay of the local bus. */
  retryBaseMs?: number;
}

export interface LocalStack {
  url: string;
  port: number;
  dynamoEndpoint: string;
  tablePrefix: string;
  /**
   * The replay of the events left pending by the previous run, which goes on in the background
   * once the server listens: resolves with the number republished when it is over.
   */
  backlogDrained: Promise<number>;
  /** Wait until every outbox item written so far has been published and delivered. */
  drain(): Promise<void>;
  stop(): Promise<void>;
}

function buildSpa(): Promise<void> {
  return new Promise((resolveBuild, reject) => {
    const vite = join(REPO_ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
    const child = spawn(process.execPath, [vite, 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], {
      cwd: REPO_ROOT,
      // Under a test runner NODE_ENV is `test`: the SPA must still be React's production build.
      env: { ...process.env, NODE_ENV: 'production' },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    child.on('exit', (code) =>
      code === 0 ? resolveBuild() : reject(new Error(`La construction de l’application a échoué (code ${code}).`)),
    );
    child.on('error', reject);
  });
}

/** Between two failed attempts of the backlog replay (DynamoDB Local busy, a consumer's table missing…). */
const REPLAY_RETRY_MS = 5_000;

/**
 * Republish the outbox items written before `before` and still pending, table after table,
 * reporting progress to the health route. A failed attempt is logged and started again (what
 * was published is not pending any more); stopping the stack ends it after the current page.
 */
async function replayBacklog(tables: Array<{ name: string }>, bus: LocalEventBus, before: Date, signal: AbortSignal): Promise<number> {
  let replayed = 0;
  setOutboxBacklog({ state: 'replaying', replayed });
  for (;;) {
    try {
      for (const t of tables) {
        if (signal.aborted) return replayed;
        const base = replayed;
        replayed += await sweepOutbox(t.name, bus, 0, {
          before,
          signal,
          onProgress: (n) => setOutboxBacklog({ state: 'replaying', replayed: base + n }),
        });
      }
      if (signal.aborted) return replayed;
      setOutboxBacklog({ state: 'drained', replayed });
      return replayed;
    } catch (error) {
      if (signal.aborted) return replayed;
      logger.error('Outbox backlog replay failed, retrying', { errorName: (error as Error).name, replayed });
      await new Promise<void>((r) => {
        const timer = setTimeout(r, REPLAY_RETRY_MS);
        signal.addEventListener(
          'abort',
          () => {
            clearTimeout(timer);
            r();
          },
          { once: true },
        );
      });
    }
  }
}

/**
 * The whole of Relais on one machine, from the same manifests as the AWS stacks: DynamoDB
 * Local with every table, the in-process event bus with the manifests' subscriptions, the
 * outbox relay on the tables' streams, schedules on timers, and the local API gateway
 * serving the SPA and the handlers.
 */
/**
 * The public map's base map (ADR 0043): a polygons file that is set but cannot serve stops the
 * start with its French reason, rather than leaving a blank map to find later.
 */
function checkBasemapFile(): void {
  const { settings } = require('../../shared/config/settings') as typeof import('../../shared/config/settings');
  const { readBasemap } =
    require('../../services/directory/geo/basemap-file') as typeof import('../../services/directory/geo/basemap-file');
  const s = settings();
  if (!s.RELAIS_COMMUNES_GEOJSON) {
    logger.warn('No commune outlines (RELAIS_COMMUNES_GEOJSON): the public map has a plain background');
    return;
  }
  try {
    readBasemap(s.RELAIS_COMMUNES_GEOJSON, s.RELAIS_DEPARTEMENT, []);
  } catch (error) {
    throw new Error(`RELAIS_COMMUNES_GEOJSON : ${(error as Error).message}`);
  }
}

export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  // Every setting of the kernel and the services, checked before anything starts: a malformed
  // value stops here, named with its rule (shared/config/startup.ts), not at the first request.
  checkStartupSettings(SERVICES);
  checkBasemapFile();
  const dataDir = resolve(options.dataDir ?? process.env.RELAIS_DATA_DIR ?? '.relais');
  const tablePrefix = options.tablePrefix ?? 'relais-local';
  process.env.RELAIS_DATA_DIR = dataDir;
  process.env.RELAIS_MODE = 'local';
  process.env.RELAIS_STAGE = 'local';
  // The links in messages (answer links, notices) point at this stack: at the port asked for
  // from the start, and at the port actually taken once listening (PORT=0). A value set by hand
  // (a tunnel, a reverse proxy) is kept.
  const appUrlSetByStack = !process.env.RELAIS_APP_URL;
  const askedPort = options.port ?? Number(process.env.PORT ?? 3000);
  if (appUrlSetByStack && askedPort > 0) process.env.RELAIS_APP_URL = `http://localhost:${askedPort}`;
  resetLocalKeys();

  const dynamo: DynamoDbLocal | undefined = options.dynamoEndpoint
    ? undefined
    : await startDynamoDbLocal({
        dbPath: options.inMemory ? undefined : join(dataDir, 'dynamodb'),
        port: process.env.RELAIS_DYNAMODB_PORT ? Number(process.env.RELAIS_DYNAMODB_PORT) : undefined,
      });
  const endpoint = options.dynamoEndpoint ?? dynamo?.endpoint ?? '';
  process.env.RELAIS_DYNAMODB_ENDPOINT = endpoint;
  resetSettings();
  resetDdb();

  const tables = localTables(SERVICES, tablePrefix);
  for (const t of tables) process.env[t.envName] = t.name;
  const outboxTables = tables.filter((t) => t.decl.outbox);
  process.env.RELAIS_OUTBOX_TABLES = outboxTables.map((t) => t.name).join(',');
  const client = new DynamoDBClient(rawClientConfig());
  await ensureTables(client, tables);
  client.destroy();

  const devOutboxTable = tables.find((t) => t.service === 'platform' && t.decl.name === 'devoutbox')?.name ?? '';
  const bus = new LocalEventBus({
    repoRoot: REPO_ROOT,
    subscriptions: SERVICES.flatMap((s) => s.subscriptions.map((decl) => ({ service: s.name, decl }))),
    retryBaseMs: options.retryBaseMs,
    async onDeadLetter(letter, event) {
      const at = new Date().toISOString();
      const id = ulid();
      await ddb().send(
        new PutCommand({
          TableName: devOutboxTable,
          Item: {
            channel: 'dead-letter',
            sk: `${at}#${id}`,
            id,
            at,
            to: `${letter.service}.${letter.subscription}`,
            payload: { ...letter, event },
          },
        }),
      );
    },
  });
  registerPublisher(bus);
  const queues = new LocalQueueRunner({
    repoRoot: REPO_ROOT,
    queues: SERVICES.flatMap((s) => (s.queues ?? []).map((decl) => ({ service: s.name, decl }))),
    retryBaseMs: options.retryBaseMs,
    async onDeadLetter(letter, body) {
      const at = new Date().toISOString();
      const id = ulid();
      await ddb().send(
        new PutCommand({
          TableName: devOutboxTable,
          // The message itself is not kept: it may name a recipient.
          Item: {
            channel: 'dead-letter',
            sk: `${at}#${id}`,
            id,
            at,
            to: `${letter.service}.${letter.queue}`,
            payload: { ...letter, bytes: body.length },
          },
        }),
      );
    },
  });
  registerLocalQueues(queues);

  const relayHandler = (
    require(join(REPO_ROOT, 'shared/events/relay.handler.ts')) as { handler: (e: DynamoDBStreamEvent) => Promise<void> }
  ).handler;
  // Test-only fault injection: die like a crashed machine right before publishing an event —
  // any event (`1`) or the first of one detail type (`SiteChanged`), so that an event some
  // consumer announces on its own meanwhile does not cut the power before the test's own write.
  const crashBeforeRelay = process.env.RELAIS_FAULT_CRASH_BEFORE_RELAY;
  const streams = new DynamoDBStreamsClient(rawClientConfig());
  const poller = new StreamPoller(streams, outboxTables, relayHandler, STREAM_IDLE_POLL_MS, (event) => {
    const fatal = (image: NonNullable<NonNullable<(typeof event.Records)[number]['dynamodb']>['NewImage']>) =>
      crashBeforeRelay === '1' || image.detailType?.S === crashBeforeRelay;
    if (
      crashBeforeRelay &&
      event.Records.some((r) => r.eventName === 'INSERT' && r.dynamodb?.NewImage?.outboxPending && fatal(r.dynamodb.NewImage))
    ) {
      // The write committed and is not published (the relay waits for this hook): let its HTTP
      // answer reach the caller first, as a machine dying a moment after answering would.
      return new Promise<void>(() => {
        setTimeout(() => process.kill(process.pid, 'SIGKILL'), 500);
      });
    }
  });
  await poller.start();
  // A commit of this process reads the streams at once; the idle round only catches the rest.
  const stopKicks = onLocalCommit(() => poller.kick());
  // Anything written but not published before a crash goes out now that the stream is watched:
  // in the background, so that a long backlog (minutes after a load test) does not keep the API
  // down (ADR 0015). The poller relays what is written from now on; the replay takes what was
  // written before, and the health route says where it is.
  const replayBefore = new Date();
  const replayAbort = new AbortController();
  const backlogDrained = replayBacklog(outboxTables, bus, replayBefore, replayAbort.signal);

  if (options.seedDemo ?? true) {
    const { seedDemoDirectory } = require('../../services/directory/demo/seed') as typeof import('../../services/directory/demo/seed');
    const { DynamoDirectoryRepository } =
      require('../../services/directory/store/directory.repository') as typeof import('../../services/directory/store/directory.repository');
    const { openIntervals } =
      require('../../services/directory/domain/opening-hours.check') as typeof import('../../services/directory/domain/opening-hours.check');
    const { created } = await seedDemoDirectory(new DynamoDirectoryRepository(), openIntervals);
    if (created > 0) logger.info('Lot demo data loaded', { created });
    const { seedDemoTerritories } = require('../../services/parcours/demo/seed') as typeof import('../../services/parcours/demo/seed');
    const { DynamoParcoursRepository } =
      require('../../services/parcours/store/parcours.repository') as typeof import('../../services/parcours/store/parcours.repository');
    const territories = await seedDemoTerritories(new DynamoParcoursRepository());
    if (territories.created > 0) logger.info('Lot demo territories loaded', { created: territories.created });
  }

  // The département's communes (names, populations, centres) for the public map's search and
  // the coverage. Without a source of centres the app still starts; coverage then says why not.
  try {
    const { geo } = require('../../services/directory/handlers/geo-deps') as typeof import('../../services/directory/handlers/geo-deps');
    const communes = await geo().communes.load();
    const located = communes.filter((c) => c.location).length;
    if (located < communes.length) {
      logger.warn('Commune centres missing: set RELAIS_COMMUNES_FILE (CSV code,nom,departement,lon,lat)', {
        communes: communes.length,
        located,
      });
    } else logger.info('Commune reference loaded', { communes: communes.length });
  } catch (error) {
    logger.warn('Commune reference not loaded', { errorName: (error as Error).name });
  }

  const stopSchedules = startSchedules(
    REPO_ROOT,
    SERVICES.flatMap((s) => s.schedules.map((decl) => ({ service: s.name, decl }))),
  );

  const webDist = join(REPO_ROOT, 'web', 'dist');
  let spaReady = existsSync(join(webDist, 'index.html'));
  if (!spaReady && (options.buildSpa ?? true)) {
    logger.info('Building the web application (first start)…');
    buildSpa()
      .then(() => {
        spaReady = true;
        logger.info('Web application built');
      })
      .catch((error: Error) => logger.error('Web build failed', { errorName: error.name }));
  }

  const server: Server = createLocalHttpServer({
    repoRoot: REPO_ROOT,
    services: SERVICES,
    webDist,
    spaConfig: { mode: 'local' },
    spaReady: () => spaReady,
    ...(options.warmStatic === false ? { warmStatic: false } : {}),
  });
  const requestedPort = askedPort;
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(requestedPort, () => resolveListen());
  }).catch(async (error: unknown) => {
    // The port is taken, say: the background replay must not outlive this failed start.
    await stopSchedules();
    replayAbort.abort();
    await backlogDrained;
    throw error;
  });
  const port = (server.address() as AddressInfo).port;
  if (appUrlSetByStack) process.env.RELAIS_APP_URL = `http://localhost:${port}`;

  let stopping: Promise<void> | undefined;
  return {
    url: `http://localhost:${port}`,
    port,
    dynamoEndpoint: endpoint,
    tablePrefix,
    backlogDrained,
    async drain() {
      await backlogDrained;
      for (const t of outboxTables) await sweepOutbox(t.name, bus, 0);
      await queues.idle();
    },
    stop() {
      stopping ??= (async () => {
        const schedulesStopped = stopSchedules();
        await new Promise<void>((r) => {
          server.close(() => r());
          server.closeAllConnections();
        });
        replayAbort.abort();
        await backlogDrained;
        await schedulesStopped;
        stopKicks();
        await poller.stop();
        queues.stop();
        await queues.idle();
        streams.destroy();
        registerPublisher(undefined);
        setOutboxBacklog(undefined);
        registerLocalQueues(undefined);
        resetDdb();
        // The next stack of this process (a test's) gets its own address.
        if (appUrlSetByStack) delete process.env.RELAIS_APP_URL;
        await dynamo?.stop();
      })();
      return stopping;
    },
  };
}
