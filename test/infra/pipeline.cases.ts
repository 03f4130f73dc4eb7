/**
 * The delivery pipeline (issue 18, point 8; ADR 0031): the workflow file is the one generated
 * from infra/pipeline.ts, and read as GitHub reads it (JSON is YAML) it runs the tests, then one
 * synthesis, shows the diff, and deploys production only after a person's approval, from the
 * assembly whose diff was shown. Accounts are configuration: none is written in the file, and
 * each stage's stacks go to the account configured for it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { readConfig } from '../../infra/config';
import { APPROVAL_ENVIRONMENT, type Job, WORKFLOW_FILE, type Workflow, renderWorkflow } from '../../infra/pipeline';
import { buildRelais } from '../../infra/relais';

const ROOT = path.resolve(__dirname, '..', '..');
const text = fs.readFileSync(path.join(ROOT, WORKFLOW_FILE), 'utf8');
/** YAML comments first, then the workflow as JSON (a subset of YAML). */
const parsed = JSON.parse(
  text
    .split('\n')
    .filter((line) => !line.startsWith('#'))
    .join('\n'),
) as Workflow;
const jobs = parsed.jobs;

/** Every job a job waits for, directly or not. */
function upstream(id: string, seen = new Set<string>()): Set<string> {
  for (const need of jobs[id]?.needs ?? []) {
    if (!jobs[need]) throw new Error(`${id} needs an unknown job ${need}`);
    if (!seen.has(need)) {
      seen.add(need);
      upstream(need, seen);
    }
  }
  return seen;
}
const runs = (job: Job) => job.steps.map((s) => s.run ?? '').join('\n');
const deploysTo = (job: Job, stage: string) => new RegExp(`cdk deploy[^\\n]*relais-${stage}-`).test(runs(job));

describe('delivery pipeline', () => {
  it('is the workflow generated from infra/pipeline.ts (run `npx tsx scripts/pipeline.ts`)', () => {
    expect(text).toBe(renderWorkflow());
  });

  it('runs the tests, synthesises, shows the diff, waits for approval, then deploys production — in that order', () => {
    const [prod, ...others] = Object.entries(jobs).filter(([, job]) => deploysTo(job, 'production'));
    expect(others).toEqual([]);
    const [prodId, prodJob] = prod!;
    const before = upstream(prodId);
    const find = (what: (job: Job) => boolean) => Object.keys(jobs).filter((id) => what(jobs[id]!));
    const testJobs = find((j) => /^npm test$/m.test(runs(j)));
    const synthJobs = find((j) => /npx cdk synth/.test(runs(j)));
    const prodDiffs = find((j) => /cdk diff[^\n]*relais-production-/.test(runs(j)));
    const approvals = find((j) => j.environment === APPROVAL_ENVIRONMENT);
    expect([testJobs, synthJobs, prodDiffs, approvals].map((ids) => ids.length)).toEqual([1, 1, 1, 1]);
    const [testId, synthId, diffId, approvalId] = [testJobs[0]!, synthJobs[0]!, prodDiffs[0]!, approvals[0]!];
    // test → synth → diff → approval → deploy production, each waiting for the one before.
    expect(upstream(synthId)).toContain(testId);
    expect(upstream(diffId)).toContain(synthId);
    expect(upstream(approvalId)).toContain(diffId);
    expect(prodJob.needs).toEqual([approvalId]);
    for (const id of [testId, synthId, diffId, approvalId]) expect(before).toContain(id);
    // Staging is deployed (and its diff shown) before production's diff is even computed.
    const [stagingDeploy] = find((j) => deploysTo(j, 'staging'));
    expect(upstream(diffId)).toContain(stagingDeploy);
    expect([...upstream(stagingDeploy!)].some((id) => /cdk diff[^\n]*relais-staging-/.test(runs(jobs[id]!)))).toBe(true);
  });

  it('deploys what was diffed: the synthesised assembly, never a second synthesis', () => {
    const synth = Object.values(jobs).find((j) => /npx cdk synth/.test(runs(j)))!;
    expect(runs(synth)).toMatch(/npm run build:web[\s\S]*npx cdk synth[^\n]*-o cdk\.out/);
    expect(synth.steps.some((s) => s.uses?.startsWith('actions/upload-artifact') && s.with?.path === 'cdk.out')).toBe(true);
    for (const job of Object.values(jobs)) {
      for (const command of runs(job).match(/npx cdk (deploy|diff)[^\n]*/g) ?? []) expect(command).toMatch(/--app cdk\.out/);
      if (/cdk (deploy|diff)/.test(runs(job))) {
        expect(job.steps.some((s) => s.uses?.startsWith('actions/download-artifact') && s.with?.name === 'cdk-out')).toBe(true);
      }
    }
  });

  it('lets production through only with a person’s approval, and fails closed without required reviewers', () => {
    const approval = Object.values(jobs).find((j) => j.environment === APPROVAL_ENVIRONMENT)!;
    const check = runs(approval);
    expect(check).toContain(`environments/${APPROVAL_ENVIRONMENT}`);
    expect(check).toContain('required_reviewers');
    expect(check).toMatch(/exit 1/);
    // Production's credentials are those of its own environment, after the approval.
    const prod = Object.values(jobs).find((j) => deploysTo(j, 'production'))!;
    expect(prod.environment).toBe('production');
    expect(parsed.concurrency['cancel-in-progress']).toBe(false);
  });

  it('writes no account id and no key: accounts are variables, credentials come from OIDC', () => {
    expect(text).not.toMatch(/\b\d{12}\b/);
    expect(text).not.toMatch(/AKIA[0-9A-Z]{16}|aws-secret-access-key|aws-access-key-id/i);
    expect(text).toContain('vars.STAGING_ACCOUNT_ID');
    expect(text).toContain('vars.PRODUCTION_ACCOUNT_ID');
    for (const job of Object.values(jobs)) {
      if (job.steps.some((s) => s.uses?.startsWith('aws-actions/configure-aws-credentials'))) {
        expect(job.permissions?.['id-token']).toBe('write');
      }
    }
  });
});

describe('stages in separate accounts, by configuration', () => {
  const accounts = '{"staging":"111111111111","production":"222222222222"}';

  it('gives each stage the account configured for it (as the pipeline passes it on the command line)', () => {
    // No bundling (as synthRelais): only the stacks' environments are read.
    const app = new App({
      context: { 'aws:cdk:bundling-stacks': [], 'relais:stages': 'staging,production', 'relais:account': accounts },
    });
    expect(readConfig(app.node).stages.map((s) => [s.name, s.account])).toEqual([
      ['staging', '111111111111'],
      ['production', '222222222222'],
    ]);
    const stages = buildRelais(app, { spaAssetsDir: null, compliance: false });
    for (const stage of stages) {
      const expected = stage.name === 'staging' ? '111111111111' : '222222222222';
      expect([stage.stateful.account, stage.stateless.account, stage.edge.account]).toEqual([expected, expected, expected]);
    }
  });

  it('refuses an account id that is not one, in French', () => {
    const app = new App({ context: { 'relais:stages': 'staging', 'relais:account': '{"staging":"12345"}' } });
    expect(() => readConfig(app.node)).toThrow(/relais:account : « 12345 » n’est pas un identifiant de compte AWS/);
  });
});
