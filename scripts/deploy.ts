/**
 * `npm run deploy -- --stage <name> [--dry-run]`: the first (and every) deployment of a stage, in
 * order (issue 18, point 4):
 *
 *   1. bootstrap — the CDK bootstrap stack (CDKToolkit) exists in the stage's region and in
 *                  us-east-1 (the edge stack: CloudFront's web ACL);
 *   2. web build — web/dist/index.html exists (`npm run build:web`);
 *   3. synth     — `cdk synth` of the stage, cdk-nag included (fails on any finding);
 *   4. diff      — `cdk diff` of the stage's stacks, for the operator to read;
 *   5. deploy    — `cdk deploy` of the edge, stateful and stateless stacks, asking for approval of
 *                  any widening of permissions.
 *
 * `--dry-run` prints the steps and runs the two checks (read-only), and nothing else; it fails,
 * like a real run, with an operator's message when a check fails.
 *
 * Options: `--region <r>` (default eu-west-1, or `-c relais:region`), `--web-dist <dir>`,
 * `--profile <p>` (passed to the AWS CLI and CDK).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..');
const EDGE_REGION = 'us-east-1';
const STAGE_NAME = /^[a-z][a-z0-9]{1,15}$/;

export interface DeployOptions {
  stage: string;
  dryRun: boolean;
  region: string;
  webDist: string;
  profile?: string;
}

export function parseArgs(argv: string[]): DeployOptions {
  const value = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const stage = value('stage');
  if (!stage || !STAGE_NAME.test(stage)) {
    throw new Error(
      'Étape manquante ou invalide : --stage <nom> (2 à 16 minuscules ou chiffres). / Missing or invalid --stage <name> (2–16 lowercase letters or digits).',
    );
  }
  return {
    stage,
    dryRun: argv.includes('--dry-run'),
    region: value('region') ?? 'eu-west-1',
    webDist: path.resolve(value('web-dist') ?? path.join(ROOT, 'web', 'dist')),
    profile: value('profile'),
  };
}

/** The commands of steps 3–5. */
export function cdkCommands(o: DeployOptions): string[][] {
  const context = ['-c', `relais:stages=${o.stage}`, '-c', `relais:region=${o.region}`];
  const profile = o.profile ? ['--profile', o.profile] : [];
  const stacks = [`relais-${o.stage}-edge`, `relais-${o.stage}-stateful`, `relais-${o.stage}-stateless`];
  return [
    ['npx', 'cdk', 'synth', '--quiet', ...context, ...profile],
    ['npx', 'cdk', 'diff', ...stacks, ...context, ...profile],
    ['npx', 'cdk', 'deploy', ...stacks, '--require-approval', 'broadening', ...context, ...profile],
  ];
}

export interface Check {
  name: string;
  ok: boolean;
  message: string;
}

function bootstrapped(region: string, profile?: string): boolean {
  const out = spawnSync(
    'aws',
    [
      'cloudformation',
      'describe-stacks',
      '--stack-name',
      'CDKToolkit',
      '--region',
      region,
      '--output',
      'json',
      ...(profile ? ['--profile', profile] : []),
    ],
    { encoding: 'utf8' },
  );
  if (out.status !== 0) return false;
  try {
    const status = JSON.parse(out.stdout).Stacks?.[0]?.StackStatus as string | undefined;
    return !!status && /_COMPLETE$/.test(status) && !status.startsWith('DELETE') && !status.includes('ROLLBACK_COMPLETE');
  } catch {
    return false;
  }
}

export function checks(o: DeployOptions): Check[] {
  const regions = [...new Set([o.region, EDGE_REGION])];
  const missing = regions.filter((r) => !bootstrapped(r, o.profile));
  const built = fs.existsSync(path.join(o.webDist, 'index.html'));
  return [
    {
      name: 'bootstrap',
      ok: missing.length === 0,
      message:
        missing.length === 0
          ? `CDK bootstrap présent (${regions.join(', ')}) / CDK bootstrap found`
          : `Compte non préparé pour le CDK dans ${missing.join(', ')} (ou identifiants AWS absents) : lancez ` +
            missing.map((r) => `\`npx cdk bootstrap aws://<compte>/${r}\``).join(' et ') +
            ` / Account not bootstrapped for the CDK in ${missing.join(', ')} (or no AWS credentials): run \`npx cdk bootstrap\` there.`,
    },
    {
      name: 'web build',
      ok: built,
      message: built
        ? `Application web construite (${o.webDist}) / Web app built`
        : `Application web non construite : ${path.join(o.webDist, 'index.html')} manque ; lancez \`npm run build:web\` / ` +
          'Web app not built: run `npm run build:web`.',
    },
  ];
}

export function run(argv: string[], log: (line: string) => void = console.log): number {
  const o = parseArgs(argv);
  const commands = cdkCommands(o);
  log(`Déploiement de l’étape « ${o.stage} » (${o.region}, web ACL en ${EDGE_REGION})${o.dryRun ? ' — essai à blanc / dry run' : ''}`);
  log('1. bootstrap : CDKToolkit présent dans les deux régions / CDKToolkit in both regions');
  log('2. web build : web/dist/index.html (npm run build:web)');
  for (const [i, c] of commands.entries()) log(`${i + 3}. ${c[2]}${' '.repeat(Math.max(1, 10 - c[2]!.length))}: ${c.join(' ')}`);
  const results = checks(o);
  for (const c of results) log(`${c.ok ? '✓' : '✗'} ${c.name} — ${c.message}`);
  const failed = results.filter((c) => !c.ok);
  if (failed.length > 0) {
    log(
      `Arrêt : ${failed.map((c) => c.name).join(', ')} à régler avant de déployer. / Stopped: fix ${failed.map((c) => c.name).join(', ')} first.`,
    );
    return 1;
  }
  if (o.dryRun) {
    log('Essai à blanc : rien n’a été synthétisé ni déployé. / Dry run: nothing synthesised or deployed.');
    return 0;
  }
  for (const command of commands) {
    const out = spawnSync(command[0]!, command.slice(1), { cwd: ROOT, stdio: 'inherit' });
    if (out.status !== 0) {
      log(`Échec de « ${command.slice(0, 3).join(' ')} » (code ${out.status}). / « ${command[2]} » failed.`);
      return out.status ?? 1;
    }
  }
  return 0;
}

if (require.main === module) {
  try {
    process.exitCode = run(process.argv.slice(2));
  } catch (error) {
    console.error((error as Error).message);
    process.exitCode = 2;
  }
}
