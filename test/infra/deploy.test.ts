import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * `npm run deploy -- --stage test --dry-run` (issue 18, point 4), run as the operator runs it,
 * with a stand-in `aws` command first on PATH that answers as an account with or without the CDK
 * bootstrap stack.
 */
function fakeAws(bootstrapped: boolean): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'relais-aws-'));
  const body = bootstrapped
    ? 'echo \'{"Stacks":[{"StackName":"CDKToolkit","StackStatus":"UPDATE_COMPLETE"}]}\''
    : 'echo "An error occurred (ValidationError) when calling the DescribeStacks operation: Stack with id CDKToolkit does not exist" >&2; exit 254';
  fs.writeFileSync(path.join(dir, 'aws'), `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  return dir;
}

function builtWeb(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'relais-web-'));
  fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>Relais</title>');
  return dir;
}

function deploy(args: string[], awsDir: string) {
  const out = spawnSync('npx', ['tsx', 'scripts/deploy.ts', ...args], {
    encoding: 'utf8',
    env: { ...process.env, PATH: `${awsDir}${path.delimiter}${process.env.PATH}` },
  });
  return { status: out.status, out: `${out.stdout}${out.stderr}` };
}

describe('npm run deploy -- --stage <name> --dry-run', () => {
  it('prints the five steps and passes when the account is bootstrapped and the web app built', () => {
    const { status, out } = deploy(['--stage', 'test', '--dry-run', '--web-dist', builtWeb()], fakeAws(true));
    expect(out).toMatch(/1\. bootstrap/);
    expect(out).toMatch(/2\. web build/);
    expect(out).toMatch(/3\. synth .*npx cdk synth --quiet -c relais:stages=test/);
    expect(out).toMatch(/4\. diff .*npx cdk diff relais-test-edge relais-test-stateful relais-test-stateless/);
    expect(out).toMatch(/5\. deploy .*--require-approval broadening/);
    expect(out).toContain('Dry run: nothing synthesised or deployed.');
    expect(status).toBe(0);
  }, 180_000);

  it('stops with an operator’s message when the account is not bootstrapped', () => {
    const { status, out } = deploy(['--stage', 'test', '--dry-run', '--web-dist', builtWeb()], fakeAws(false));
    expect(out).toContain('✗ bootstrap');
    expect(out).toMatch(/npx cdk bootstrap aws:\/\/<compte>\/eu-west-1/);
    expect(out).toMatch(/us-east-1/);
    expect(out).toContain('Stopped: fix bootstrap first.');
    expect(status).toBe(1);
  }, 180_000);

  it('stops with an operator’s message when the web app is not built', () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'relais-web-'));
    const { status, out } = deploy(['--stage', 'test', '--dry-run', '--web-dist', empty], fakeAws(true));
    expect(out).toContain('✗ web build');
    expect(out).toContain('npm run build:web');
    expect(out).not.toContain('Dry run: nothing');
    expect(status).toBe(1);
  }, 180_000);

  it('refuses a missing or invalid stage name', () => {
    const { status, out } = deploy(['--stage', 'Prod!', '--dry-run'], fakeAws(true));
    expect(out).toContain('--stage <name>');
    expect(status).toBe(2);
  }, 180_000);
});
