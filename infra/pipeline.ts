/**
 * The delivery pipeline (issue 18, point 8; docs/adr/0031-operating-a-stage.md): a GitHub Actions
 * workflow, written here as data and generated into `.github/workflows/deploy.yml` by
 * `npx tsx scripts/pipeline.ts` (a test fails when the file is stale).
 *
 *   test → synth (once, both stages) → diff staging → deploy staging → diff production
 *        → approval (a person, GitHub environment `production-approval`) → deploy production
 *
 * Production deploys the very cloud assembly whose diff was shown (the `cdk.out` artifact of the
 * synth job), never a second synthesis. Each stage is in its own AWS account: the account ids are
 * repository variables passed as stage configuration (`relais:account`), the roles are variables
 * of the stage's GitHub environment, assumed through GitHub's OIDC provider (no stored keys).
 *
 * The file is JSON, which is YAML: GitHub reads it as any workflow, and the test parses it with
 * `JSON.parse`, no YAML library needed.
 */

export const WORKFLOW_FILE = '.github/workflows/deploy.yml';

/** The stages the pipeline deploys, in order; production last, behind the approval. */
export const PIPELINE_STAGES = ['staging', 'production'] as const;

/** The GitHub environment whose required reviewers approve a production deployment. */
export const APPROVAL_ENVIRONMENT = 'production-approval';

type Step = { name: string; uses?: string; with?: Record<string, string | number | boolean>; run?: string; env?: Record<string, string> };
export interface Job {
  name: string;
  needs?: string[];
  'runs-on': string;
  environment?: string;
  permissions?: Record<string, string>;
  'timeout-minutes': number;
  steps: Step[];
}
export interface Workflow {
  name: string;
  on: Record<string, unknown>;
  permissions: Record<string, string>;
  concurrency: { group: string; 'cancel-in-progress': boolean };
  env: Record<string, string>;
  jobs: Record<string, Job>;
}

/** A GitHub Actions expression, `${{ … }}`. */
const gh = (expression: string) => `\${{ ${expression} }}`;

const checkout: Step = { name: 'Récupérer le dépôt', uses: 'actions/checkout@v4' };
const node: Step = { name: 'Node.js 22', uses: 'actions/setup-node@v4', with: { 'node-version': 22, cache: 'npm' } };
const install: Step = { name: 'Dépendances (verrouillées)', run: 'npm ci' };
const assembly = (action: 'upload' | 'download'): Step => ({
  name: action === 'upload' ? 'Conserver l’assemblage synthétisé' : 'Reprendre l’assemblage synthétisé',
  uses: `actions/${action}-artifact@v4`,
  with: action === 'upload' ? { name: 'cdk-out', path: 'cdk.out', 'retention-days': 30 } : { name: 'cdk-out', path: 'cdk.out' },
});
const credentials = (roleVariable: string): Step => ({
  name: 'Identifiants AWS (OIDC, sans clé stockée)',
  uses: 'aws-actions/configure-aws-credentials@v4',
  with: { 'role-to-assume': `\${{ vars.${roleVariable} }}`, 'aws-region': gh('env.AWS_REGION') },
});
const stacks = (stage: string) => `relais-${stage}-edge relais-${stage}-stateful relais-${stage}-stateless`;

/** `cdk diff` of a stage against its account, kept as an artifact and shown in the run's summary. */
function diffJob(stage: string, needs: string[], environment: string): Job {
  return {
    name: `Différences ${stage} (cdk diff)`,
    needs,
    'runs-on': 'ubuntu-latest',
    environment,
    permissions: { 'id-token': 'write', contents: 'read' },
    'timeout-minutes': 30,
    steps: [
      checkout,
      node,
      install,
      assembly('download'),
      credentials('AWS_DIFF_ROLE_ARN'),
      {
        name: `cdk diff ${stage}`,
        run: `npx cdk diff --app cdk.out ${stacks(stage)} 2>&1 | tee diff-${stage}.txt`,
      },
      {
        name: 'Différences dans le résumé du run',
        run: `{ echo "## cdk diff ${stage}"; echo '\`\`\`'; cat diff-${stage}.txt; echo '\`\`\`'; } >> "$GITHUB_STEP_SUMMARY"`,
      },
      { name: 'Conserver les différences', uses: 'actions/upload-artifact@v4', with: { name: `diff-${stage}`, path: `diff-${stage}.txt` } },
    ],
  };
}

function deployJob(stage: string, needs: string[]): Job {
  return {
    name: `Déploiement ${stage}`,
    needs,
    'runs-on': 'ubuntu-latest',
    environment: stage,
    permissions: { 'id-token': 'write', contents: 'read' },
    'timeout-minutes': 90,
    steps: [
      checkout,
      node,
      install,
      assembly('download'),
      credentials('AWS_DEPLOY_ROLE_ARN'),
      {
        name: `cdk deploy ${stage} (l’assemblage relu, tel quel)`,
        // The diff was read (and, for production, approved): no second question here.
        run: `npx cdk deploy --app cdk.out ${stacks(stage)} --require-approval never`,
      },
    ],
  };
}

export function workflow(): Workflow {
  return {
    name: 'Relais : tests, synthèse, différences, déploiement',
    on: { push: { branches: ['main'] }, workflow_dispatch: {} },
    permissions: { contents: 'read' },
    // One delivery at a time; a running deployment is never cancelled halfway.
    concurrency: { group: 'relais-deploy', 'cancel-in-progress': false },
    env: { AWS_REGION: gh("vars.AWS_REGION || 'eu-west-1'") },
    jobs: {
      test: {
        name: 'Tests',
        'runs-on': 'ubuntu-latest',
        'timeout-minutes': 60,
        steps: [
          checkout,
          node,
          { name: 'Java 21 (DynamoDB Local)', uses: 'actions/setup-java@v4', with: { distribution: 'temurin', 'java-version': 21 } },
          install,
          { name: 'Types', run: 'npm run typecheck' },
          { name: 'Lint', run: 'npm run lint' },
          // Chrome of the runner image for the end-to-end tests (scripts/ensure-test-prerequisites.mjs).
          { name: 'npm test', run: 'npm test', env: { RELAIS_CHROMIUM: '/usr/bin/google-chrome' } },
        ],
      },
      synth: {
        name: 'Synthèse (les deux étapes, cdk-nag compris)',
        needs: ['test'],
        'runs-on': 'ubuntu-latest',
        'timeout-minutes': 30,
        steps: [
          checkout,
          node,
          install,
          { name: 'Application web', run: 'npm run build:web' },
          {
            name: 'cdk synth',
            // Account ids are configuration (repository variables), never code.
            run:
              'npx cdk synth --quiet -o cdk.out -c relais:stages=staging,production ' +
              `-c "relais:account={\\"staging\\":\\"${gh('vars.STAGING_ACCOUNT_ID')}\\",\\"production\\":\\"${gh('vars.PRODUCTION_ACCOUNT_ID')}\\"}" ` +
              `-c relais:region=${gh('env.AWS_REGION')}`,
          },
          assembly('upload'),
        ],
      },
      'diff-staging': diffJob('staging', ['synth'], 'staging'),
      'deploy-staging': deployJob('staging', ['diff-staging']),
      'diff-production': diffJob('production', ['deploy-staging'], 'production-diff'),
      'approve-production': {
        name: 'Approbation de la production',
        needs: ['diff-production'],
        'runs-on': 'ubuntu-latest',
        // GitHub holds this job until one of the environment's required reviewers approves,
        // after reading the production diff in the previous job's summary.
        environment: APPROVAL_ENVIRONMENT,
        permissions: { actions: 'read', contents: 'read' },
        'timeout-minutes': 5,
        steps: [
          {
            name: 'Refuser sans relecteur obligatoire',
            // Fails closed: an environment without required reviewers (or unreadable) stops production.
            run:
              `n=$(gh api "repos/\${{ github.repository }}/environments/${APPROVAL_ENVIRONMENT}" ` +
              `--jq '[.protection_rules[]? | select(.type == "required_reviewers")] | length') || n=0; ` +
              `if [ "\${n:-0}" -lt 1 ]; then echo "L’environnement ${APPROVAL_ENVIRONMENT} n’exige aucun relecteur : ` +
              `la production n’est pas déployée sans approbation. / No required reviewers: production is not deployed."; exit 1; fi`,
            env: { GH_TOKEN: gh('github.token') },
          },
        ],
      },
      'deploy-production': deployJob('production', ['approve-production']),
    },
  };
}

export function renderWorkflow(): string {
  return `# Généré par \`npx tsx scripts/pipeline.ts\` depuis infra/pipeline.ts : ne pas modifier à la main.\n${JSON.stringify(workflow(), null, 2)}\n`;
}
