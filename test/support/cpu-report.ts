/**
 * Where a run's CPU goes, file by file (diagnostic, off unless `RELAIS_TEST_CPU_LOG` names a
 * file): the worker's own CPU, its reaped children's (Chromium, esbuild, cfn-lint) and its
 * DynamoDB Local's, appended as one JSON line per test file. The suite is CPU-bound on CI;
 * this says which files to make cheaper.
 */
import { appendFileSync, readFileSync } from 'node:fs';

const out = process.env.RELAIS_TEST_CPU_LOG;
if (out) {
  const ticks = (pid: number | 'self', children: boolean): number => {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      // utime, stime at 11, 12 (after the name); cutime, cstime at 13, 14.
      const own = Number(fields[11]) + Number(fields[12]);
      return children ? Number(fields[13]) + Number(fields[14]) : own;
    } catch {
      return 0;
    }
  };
  const worker = Number(process.env.JEST_WORKER_ID ?? 1);
  const pids = (process.env.RELAIS_TEST_DYNAMODB_PIDS ?? '').split(',').filter(Boolean).map(Number);
  const java = pids.length ? pids[(worker - 1) % pids.length]! : 0;
  let start: { node: number; children: number; java: number; at: number } | undefined;
  beforeAll(() => {
    start = { node: ticks('self', false), children: ticks('self', true), java: java ? ticks(java, false) : 0, at: Date.now() };
  });
  afterAll(() => {
    if (!start) return;
    const file = expect.getState().testPath?.replace(`${process.cwd()}/`, '') ?? '?';
    appendFileSync(
      out,
      `${JSON.stringify({
        file,
        node: (ticks('self', false) - start.node) / 100,
        children: (ticks('self', true) - start.children) / 100,
        java: java ? (ticks(java, false) - start.java) / 100 : 0,
        wall: (Date.now() - start.at) / 1000,
      })}\n`,
    );
  });
}
