import { spawn } from 'node:child_process';
import * as path from 'node:path';

const REPO = path.resolve(__dirname, '..', '..');

/** `npm start` with a malformed setting: stops at once, before DynamoDB Local or the server. */
describe('npm start with an invalid setting', () => {
  it('exits non-zero within seconds, naming RELAIS_CARRIER_SECRET and its rule on stderr', async () => {
    const started = Date.now();
    const child = spawn(process.execPath, [path.join(REPO, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'infra/local/main.ts'], {
      cwd: REPO,
      env: { ...process.env, RELAIS_CARRIER_SECRET: 'abc', PORT: '0', RELAIS_DATA_DIR: path.join(REPO, '.relais-never-made') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    // Bounded: whatever happens, nothing is left running.
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    clearTimeout(timer);
    expect(code).not.toBe(0);
    expect(code).not.toBeNull();
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(stderr).toContain('RELAIS_CARRIER_SECRET');
    expect(stderr).toMatch(/Configuration invalide[\s\S]*RELAIS_CARRIER_SECRET : Au moins 16 caractères/);
    expect(stderr).not.toContain('abc');
  }, 30_000);
});
