/**
 * cfn-lint (issue 18, acceptance): every template of a stage — the stateful, stateless and edge
 * stacks and each service's nested stack — as `cdk synth` writes them, linted for the stage's
 * region: 0 errors. Warnings are listed, not failed on. cfn-lint is a Python tool installed on the
 * development and CI machines; when it is missing this test FAILS with how to install it (a lint
 * that silently does not run would pass whatever the templates hold).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEFAULT_REGION } from '../../infra/config';
import { synthRelaisShared } from './support';

jest.setTimeout(600_000);

/** Rules ignored on purpose, each with its reason. None today: add `'<rule id>': '<why>'` here. */
const IGNORED_RULES: Record<string, string> = {};

interface Finding {
  Filename: string;
  Level: 'Error' | 'Warning' | 'Informational';
  Message: string;
  Rule: { Id: string };
  Location: { Path?: (string | number)[] };
}

function cfnLint(args: string[]) {
  return spawnSync('cfn-lint', args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
}

/** The templates of the test stage, written as `cdk synth` writes them, nested stacks included. */
function writeTemplates(): { dir: string; files: string[] } {
  // The file's one default synthesis: `app.synth()` returns the assembly the templates came from.
  const synth = synthRelaisShared();
  const assembly = synth.app.synth();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'relais-cfn-lint-'));
  for (const stack of assembly.stacks) fs.copyFileSync(stack.templateFullPath, path.join(dir, path.basename(stack.templateFullPath)));
  for (const file of fs.readdirSync(assembly.directory)) {
    if (file.endsWith('.nested.template.json')) fs.copyFileSync(path.join(assembly.directory, file), path.join(dir, file));
  }
  return { dir, files: fs.readdirSync(dir).filter((f) => f.endsWith('.json')) };
}

describe('cfn-lint on every template of a stage', () => {
  it('is installed (otherwise this fails, saying how to install it)', () => {
    const version = cfnLint(['--version']);
    if (version.error || version.status !== 0) {
      throw new Error(
        'cfn-lint est introuvable : installez-le (Python ≥ 3.9) avec `pip install cfn-lint` ou `pipx install cfn-lint`, ' +
          'puis vérifiez `cfn-lint --version`. / cfn-lint is not installed: `pip install cfn-lint`.',
      );
    }
    expect(version.stdout).toMatch(/^cfn-lint \d+\.\d+/);
  });

  it(`reports 0 errors in ${DEFAULT_REGION} on the stateful, stateless, edge and nested templates`, () => {
    const { dir, files } = writeTemplates();
    try {
      // The stateful, stateless and edge stacks, and one nested stack per service with functions.
      expect(files.filter((f) => f.endsWith('.nested.template.json')).length).toBeGreaterThan(3);
      expect(files.some((f) => f.includes('stateful'))).toBe(true);
      const ignore = Object.keys(IGNORED_RULES);
      const run = spawnSync(
        'cfn-lint',
        ['--regions', DEFAULT_REGION, '--format', 'json', ...(ignore.length ? ['--ignore-checks', ...ignore] : []), '--', ...files],
        { cwd: dir, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 },
      );
      if (run.error) throw run.error;
      // Exit codes are bit flags: 2 errors, 4 warnings, 8 informational; anything else is a crash.
      if ((run.status ?? 1) & ~(2 | 4 | 8)) throw new Error(`cfn-lint failed (${run.status}): ${run.stderr}`);
      const findings = JSON.parse(run.stdout || '[]') as Finding[];
      const errors = findings
        .filter((f) => f.Level === 'Error')
        .map((f) => `${f.Filename} ${f.Rule.Id} ${(f.Location.Path ?? []).join('/')}: ${f.Message}`);
      const warnings = new Map<string, number>();
      for (const f of findings.filter((x) => x.Level === 'Warning')) warnings.set(f.Rule.Id, (warnings.get(f.Rule.Id) ?? 0) + 1);
      if (warnings.size) {
        process.stdout.write(`cfn-lint warnings (not failed on): ${[...warnings].map(([id, n]) => `${id}×${n}`).join(', ')}\n`);
      }
      expect(errors).toEqual([]);
      expect((run.status ?? 0) & 2).toBe(0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('finds an error in a broken template (the lint really runs)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'relais-cfn-lint-'));
    try {
      fs.writeFileSync(
        path.join(dir, 'broken.json'),
        JSON.stringify({ Resources: { Table: { Type: 'AWS::DynamoDB::Table', Properties: { BillingMode: 'SOMETIMES' } } } }),
      );
      const run = cfnLint(['--regions', DEFAULT_REGION, '--format', 'json', '--', path.join(dir, 'broken.json')]);
      const findings = JSON.parse(run.stdout || '[]') as Finding[];
      expect(findings.some((f) => f.Level === 'Error')).toBe(true);
      expect((run.status ?? 0) & 2).toBe(2);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
