import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { freePort, isAlive } from '../../infra/local/dynamodb-local';
import { DEMO_ORGANISATIONS, DEMO_SITES, DEMO_USERS } from '../../services/directory/demo/lot-demo';
import { apiClient } from '../support/local-stack';

/**
 * `npm start` as a user runs it, in a process of its own: the data survives a restart, Ctrl-C
 * leaves no Java behind, and a crash between a write and the publication of its event loses
 * nothing and applies the event once.
 */
const ROOT = resolve(__dirname, '..', '..');
const dataDir = mkdtempSync(join(tmpdir(), 'relais-crash-'));
const pidFile = join(dataDir, 'dynamodb', 'dynamodb-local.pid');
let port: number;
let dynamoPort: number;
let doc: DynamoDBDocumentClient;

const outputs: Array<() => string> = [];

interface Running {
  child: ChildProcess;
  exited: Promise<number | null>;
  output: () => string;
}

/** Every stack started, so that a failed or timed-out test leaves no Node nor Java behind. */
const children: ChildProcess[] = [];

function start(extraEnv: Record<string, string> = {}): Running {
  // Node itself with tsx's loader, not the tsx CLI: the CLI relays signals through IPC, which a
  // busy machine can delay until the CLI kills the stack instead of letting it stop cleanly.
  const child = spawn(process.execPath, ['--import', 'tsx', 'infra/local/main.ts'], {
    cwd: ROOT,
    // Own process group: the test can kill the whole tree as a power cut would.
    detached: true,
    env: {
      ...process.env,
      PORT: String(port),
      RELAIS_DATA_DIR: dataDir,
      RELAIS_DYNAMODB_PORT: String(dynamoPort),
      POWERTOOLS_LOG_LEVEL: 'INFO',
      ...extraEnv,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (c) => {
    out += String(c);
  });
  child.stderr?.on('data', (c) => {
    out += String(c);
  });
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  outputs.push(() => out);
  children.push(child);
  return { child, exited, output: () => out };
}

async function waitForHealth(running: Running): Promise<void> {
  // A start with the demo to load: 15 s on an idle machine, over a minute on a loaded one.
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (running.child.exitCode !== null) throw new Error(`stack exited: ${running.output()}`);
    try {
      const res = await fetch(`http://localhost:${port}/api/health`);
      if (res.status === 200) return;
    } catch {
      // not yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no health within 120 s: ${running.output()}`);
}

async function waitFor<T>(probe: () => Promise<T | undefined>, what: string): Promise<T> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** The indicators' census of the network: member organisations and their unconditional sites. */
const census = async () =>
  (await doc.send(new GetCommand({ TableName: 'relais-local-indicators-main', Key: { pk: 'CENSUS', sk: 'LIVE' } }))).Item as
    | { sites?: number; organisations?: number }
    | undefined;
const MEMBERS = new Set(DEMO_ORGANISATIONS.filter((o) => o.networkMember).map((o) => o.id));
const NETWORK_ORGANISATIONS = MEMBERS.size;
const NETWORK_SITES = DEMO_SITES.filter((s) => s.unconditionalReception && MEMBERS.has(s.organisationId)).length;

beforeAll(async () => {
  port = await freePort();
  dynamoPort = await freePort();
  doc = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: `http://127.0.0.1:${dynamoPort}`,
      region: 'eu-west-3',
      credentials: { accessKeyId: 'relaislocal', secretAccessKey: 'relaislocal' },
    }),
  );
});

afterAll(() => {
  doc.destroy();
  // A test that failed half-way (a timeout on a busy machine) must not leave its stack running:
  // the whole process group, then the Java it started (its own group, reclaimed via the pid file).
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null && child.pid) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
  try {
    const javaPid = Number(readFileSync(pidFile, 'utf8'));
    if (javaPid && isAlive(javaPid)) process.kill(javaPid, 'SIGKILL');
  } catch {
    // no pid file: nothing left
  }
});

// Three starts of a whole local stack (Node + Java) and a crash: minutes on a busy machine.
jest.setTimeout(180_000);

describe('the local stack as a process', () => {
  let siteId: string;

  it('starts, loads the demo data once, and stops on Ctrl-C without leaving Java', async () => {
    const first = start();
    await waitForHealth(first);
    const counts = await waitFor(async () => {
      const c = await census();
      return c?.sites === NETWORK_SITES && c.organisations === NETWORK_ORGANISATIONS ? c : undefined;
    }, 'the demo census');
    expect(counts).toMatchObject({ sites: NETWORK_SITES, organisations: NETWORK_ORGANISATIONS });
    const javaPid = Number(readFileSync(pidFile, 'utf8'));
    expect(isAlive(javaPid)).toBe(true);

    first.child.kill('SIGINT');
    expect(await first.exited).toBe(0);
    expect(isAlive(javaPid)).toBe(false);
    expect(existsSync(pidFile)).toBe(false);
  });

  it('publishes an event once after a crash between its write and its publication', async () => {
    // Second start, with the fault: the process dies the moment the relay sees the new event.
    const crashing = start({ RELAIS_FAULT_CRASH_BEFORE_RELAY: 'SiteChanged' });
    await waitForHealth(crashing);
    const api = apiClient(`http://localhost:${port}`);
    const token = await api.token('pilote');
    const created = await api.call('POST', '/api/sites', {
      token,
      body: {
        organisationId: DEMO_ORGANISATIONS[0]!.id,
        name: 'Antenne de Limogne',
        address: 'Place de la Mairie, 46260 Limogne-en-Quercy',
        communeCode: '46173',
        location: { lon: 1.7683, lat: 44.3957 },
        unconditionalReception: true,
      },
    });
    expect(created.status).toBe(201);
    siteId = created.body.id;
    await crashing.exited;
    // The power cut takes the database down too.
    try {
      process.kill(-(crashing.child.pid ?? 0), 'SIGKILL');
    } catch {
      // group already gone
    }
    await waitFor(async () => (existsSync(pidFile) && isAlive(Number(readFileSync(pidFile, 'utf8'))) ? undefined : true), 'Java to die');

    const restarted = start();
    await waitForHealth(restarted);
    const counts = await waitFor(async () => {
      const c = await census();
      return c?.sites === NETWORK_SITES + 1 ? c : undefined;
    }, 'the event to be delivered after restart');
    expect(counts.sites).toBe(NETWORK_SITES + 1);

    // The site itself survived, and nothing is left pending.
    const site = await api.call('GET', `/api/sites/${siteId}`, { token: await apiClient(`http://localhost:${port}`).token('pilote') });
    expect(site.status).toBe(200);
    const pending = await doc.send(
      new QueryCommand({
        TableName: 'relais-local-directory-main',
        IndexName: 'outbox',
        KeyConditionExpression: 'outboxPending = :p',
        ExpressionAttributeValues: { ':p': 'PENDING' },
      }),
    );
    expect(pending.Items).toEqual([]);

    // Delivered once: give any duplicate time to arrive, then the count has not moved.
    await new Promise((r) => setTimeout(r, 1500));
    expect((await census())?.sites).toBe(NETWORK_SITES + 1);
    // A restart keeps the data and loads nothing twice.
    restarted.child.kill('SIGTERM');
    expect(await restarted.exited).toBe(0);
    const again = start();
    await waitForHealth(again);
    await new Promise((r) => setTimeout(r, 1000));
    expect(await census()).toMatchObject({ sites: NETWORK_SITES + 1, organisations: NETWORK_ORGANISATIONS });
    again.child.kill('SIGINT');
    expect(await again.exited).toBe(0);
  });

  it('wrote logs with no personal data and no token in them', () => {
    const logs = outputs.map((o) => o()).join('\n');
    expect(logs).toMatch(/"level":"INFO"/);
    for (const user of DEMO_USERS) {
      expect(logs).not.toContain(user.name);
      expect(logs).not.toContain(user.email);
    }
    expect(logs).not.toMatch(/eyJ[\w-]+\.[\w-]+\./);
    expect(logs).not.toMatch(/Bearer /i);
  });
});
