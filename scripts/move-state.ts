/**
 * Moves the lasting state of a stage deployed before ADR 0030 (user pool, role groups, platform
 * secrets) from its stateless stack to its stateful stack without recreating any of them:
 * same pool (every staff account and MFA enrolment), same groups (every membership), same
 * secrets (every stored opt-out hash, indicator hash and partner link stays valid).
 *
 *   npx tsx scripts/move-state.ts --stage <name> [--dry-run] [--region eu-west-1]
 *   npx tsx scripts/move-state.ts --stage <name> --dry-run --from <dir>   (offline: <dir>/stateful.json,
 *       stateless.json — deployed templates —, resources.json — logical id → physical id —, env.json)
 *
 * The steps (docs/adr/0030-lasting-state-in-the-stateful-stack.md):
 *   1. retain   — the stateless stack is updated with its own deployed template, only the
 *                 deletion and replacement policies of the resources to move set to Retain;
 *   2. refactor — a CloudFormation stack refactor moves them, logical ids unchanged, into the
 *                 stateful stack; references across the two stacks become the values they had;
 *   3. deploy   — `npm run deploy -- --stage <name>`: the stateful stack encrypts the secrets with
 *                 its own key and exports them, the stateless stack imports them;
 *   4. verify   — the pool id and the secrets' ARNs are those read before step 1.
 *
 * `--dry-run` prints the steps, the mapping and the checks, and changes nothing. The AWS side
 * uses the AWS CLI (`aws cloudformation …`) with the caller's credentials.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** Logical ids, identical in both stacks (same construct paths), of what moves. */
export const MOVED_TO_STATEFUL = [
  'IdentityUserPool96FE3B9B',
  'IdentityGroupaccueil35211A52',
  'IdentityGrouptravailleursocial8CD60518',
  'IdentityGrouppartenaireFF685A74',
  'IdentityGrouppilote56C2CBAE',
  'IdentityGroupadminE8EA5211',
  'LinkSecret6774D112',
  'PhoneHashSecretCEC556EE',
  'IndicatorsKeySecretF544A5E7',
] as const;

type Json = any; // CloudFormation template fragments
export interface Template {
  Resources: Record<string, { Type: string; Properties?: Json; DeletionPolicy?: string; UpdateReplacePolicy?: string; [k: string]: Json }>;
  [k: string]: Json;
}

export interface StageState {
  stage: string;
  account: string;
  region: string;
  partition?: string;
  stateful: Template;
  stateless: Template;
  /** Physical ids of the deployed resources of both stacks, by logical id. */
  physicalIds: Record<string, string>;
}

export interface MovePlan {
  statefulStack: string;
  statelessStack: string;
  /** Logical ids that move (those of MOVED_TO_STATEFUL the stateless stack still holds). */
  moved: string[];
  /** Step 1: the stateless stack's deployed template with Retain on what moves. */
  retainTemplate: Template;
  /** Step 2: both stacks' templates after the move, and the resource mappings. */
  statefulAfter: Template;
  statelessAfter: Template;
  mappings: { Source: { StackName: string; LogicalResourceId: string }; Destination: { StackName: string; LogicalResourceId: string } }[];
  /** Step 4: what must read the same after the move. */
  expected: Record<string, string>;
}

/** The value a reference resolves to, for the resource types that move or that they reference. */
function attributeValue(state: StageState, template: Template, logicalId: string, attribute: string | null): string {
  const physical = state.physicalIds[logicalId];
  const type = template.Resources[logicalId]?.Type;
  if (!physical || !type)
    throw new Error(`Cannot resolve ${logicalId}${attribute ? `.${attribute}` : ''}: no deployed resource with that logical id`);
  if (attribute === null) return physical;
  const p = state.partition ?? 'aws';
  const values: Record<string, Record<string, string>> = {
    'AWS::KMS::Key': { Arn: `arn:${p}:kms:${state.region}:${state.account}:key/${physical}`, KeyId: physical },
    'AWS::Cognito::UserPool': {
      Arn: `arn:${p}:cognito-idp:${state.region}:${state.account}:userpool/${physical}`,
      ProviderName: `cognito-idp.${state.region}.amazonaws.com/${physical}`,
      ProviderURL: `https://cognito-idp.${state.region}.amazonaws.com/${physical}`,
      UserPoolId: physical,
    },
    'AWS::SecretsManager::Secret': { Id: physical },
  };
  const value = values[type]?.[attribute];
  if (value === undefined) throw new Error(`Cannot resolve ${logicalId}.${attribute} (${type}) to a value: move it by hand`);
  return value;
}

/** Replace every reference to one of `targets` (resources of `owner`) by the value it resolves to. */
function resolveReferences(value: Json, targets: Set<string>, state: StageState, owner: Template): Json {
  if (Array.isArray(value)) return value.map((v) => resolveReferences(v, targets, state, owner));
  if (value && typeof value === 'object') {
    const keys = Object.keys(value);
    if (keys.length === 1 && keys[0] === 'Ref' && targets.has(value.Ref)) return attributeValue(state, owner, value.Ref, null);
    if (keys.length === 1 && keys[0] === 'Fn::GetAtt') {
      const [id, attribute] = Array.isArray(value['Fn::GetAtt']) ? value['Fn::GetAtt'] : String(value['Fn::GetAtt']).split('.');
      if (targets.has(id)) return attributeValue(state, owner, id, attribute);
    }
    if (keys.length === 1 && keys[0] === 'Fn::Sub') {
      const sub = value['Fn::Sub'];
      const text: string = Array.isArray(sub) ? sub[0] : sub;
      for (const m of text.matchAll(/\$\{([A-Za-z0-9]+)(?:\.([A-Za-z]+))?\}/g)) {
        if (targets.has(m[1]!)) throw new Error(`Fn::Sub referencing ${m[1]} cannot be resolved automatically: move it by hand`);
      }
    }
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveReferences(v, targets, state, owner)]));
  }
  return value;
}

export function planMove(state: StageState): MovePlan {
  const statefulStack = `relais-${state.stage}-stateful`;
  const statelessStack = `relais-${state.stage}-stateless`;
  const moved = MOVED_TO_STATEFUL.filter((id) => id in state.stateless.Resources);
  const already = MOVED_TO_STATEFUL.filter((id) => id in state.stateful.Resources);
  if (moved.length > 0 && already.length > 0) {
    throw new Error(`Half-moved stage: ${already.join(', ')} already in ${statefulStack}, ${moved.join(', ')} still in ${statelessStack}`);
  }
  for (const id of moved) {
    const type = state.stateless.Resources[id]!.Type;
    if (!/^AWS::(Cognito::UserPool(Group)?|SecretsManager::Secret)$/.test(type))
      throw new Error(`${id} is a ${type}, not something this move knows`);
    if (!state.physicalIds[id]) throw new Error(`${id} is in the template of ${statelessStack} but not deployed`);
  }

  const retainTemplate: Template = structuredClone(state.stateless);
  for (const id of moved) Object.assign(retainTemplate.Resources[id]!, { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });

  const movedSet = new Set<string>(moved);
  const staying = new Set(Object.keys(state.stateless.Resources).filter((id) => !movedSet.has(id)));
  const statefulAfter: Template = structuredClone(state.stateful);
  for (const id of moved) {
    // What a moved resource references in the stateless stack (the app key of the secrets)
    // becomes its value: the stateful stack must never depend on the stateless one.
    statefulAfter.Resources[id] = resolveReferences(structuredClone(retainTemplate.Resources[id]), staying, state, state.stateless);
    const deps = statefulAfter.Resources[id]!.DependsOn;
    if (deps) {
      const kept = (Array.isArray(deps) ? deps : [deps]).filter((d: string) => movedSet.has(d));
      if (kept.length > 0) statefulAfter.Resources[id]!.DependsOn = kept;
      else delete statefulAfter.Resources[id]!.DependsOn;
    }
  }
  const statelessAfter: Template = structuredClone(retainTemplate);
  for (const id of moved) delete statelessAfter.Resources[id];
  for (const [id, resource] of Object.entries(statelessAfter.Resources)) {
    statelessAfter.Resources[id] = resolveReferences(resource, movedSet, state, state.stateless);
    const deps = statelessAfter.Resources[id]!.DependsOn;
    if (deps) {
      const kept = (Array.isArray(deps) ? deps : [deps]).filter((d: string) => !movedSet.has(d));
      if (kept.length > 0) statelessAfter.Resources[id]!.DependsOn = kept;
      else delete statelessAfter.Resources[id]!.DependsOn;
    }
  }
  if (statelessAfter.Outputs) statelessAfter.Outputs = resolveReferences(statelessAfter.Outputs, movedSet, state, state.stateless);

  return {
    statefulStack,
    statelessStack,
    moved,
    retainTemplate,
    statefulAfter,
    statelessAfter,
    mappings: moved.map((id) => ({
      Source: { StackName: statelessStack, LogicalResourceId: id },
      Destination: { StackName: statefulStack, LogicalResourceId: id },
    })),
    expected: Object.fromEntries(moved.map((id) => [id, state.physicalIds[id]!])),
  };
}

/** The steps as an operator reads them (dry run), French then English. */
export function describePlan(plan: MovePlan): string[] {
  if (plan.moved.length === 0) {
    return [
      `Rien à déplacer : ${plan.statefulStack} porte déjà l'état durable. / Nothing to move: ${plan.statefulStack} already holds the lasting state.`,
    ];
  }
  return [
    `Déplacement de l'état durable / moving the lasting state: ${plan.statelessStack} → ${plan.statefulStack}`,
    ...plan.moved.map((id) => `  - ${id} (${plan.retainTemplate.Resources[id]!.Type}) = ${plan.expected[id]}`),
    `1. retain   : aws cloudformation update-stack --stack-name ${plan.statelessStack} (modèle déployé, DeletionPolicy/UpdateReplacePolicy Retain sur les ${plan.moved.length} ressources)`,
    `2. refactor : aws cloudformation create-stack-refactor + execute-stack-refactor (${plan.mappings.length} correspondances, mêmes identifiants logiques)`,
    '3. deploy   : npm run deploy -- --stage <stage> (stateful puis stateless : clé des secrets, exports, imports)',
    '4. verify   : identifiant du groupe d’utilisateurs et ARN des secrets inchangés / pool id and secret ARNs unchanged',
  ];
}

// ---------------------------------------------------------------------------------------------
// Command line

function aws(args: string[], region: string): string {
  return execFileSync('aws', [...args, '--region', region, '--output', 'json'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
}

function readDeployed(stage: string, region: string): StageState {
  const identity = JSON.parse(aws(['sts', 'get-caller-identity'], region));
  const stack = (name: string) => {
    const template = JSON.parse(
      aws(['cloudformation', 'get-template', '--stack-name', name, '--template-stage', 'Original'], region),
    ).TemplateBody;
    const resources = JSON.parse(aws(['cloudformation', 'describe-stack-resources', '--stack-name', name], region)).StackResources as {
      LogicalResourceId: string;
      PhysicalResourceId: string;
    }[];
    return { template: typeof template === 'string' ? JSON.parse(template) : template, resources };
  };
  const stateful = stack(`relais-${stage}-stateful`);
  const stateless = stack(`relais-${stage}-stateless`);
  return {
    stage,
    account: identity.Account,
    region,
    stateful: stateful.template,
    stateless: stateless.template,
    physicalIds: Object.fromEntries(
      [...stateful.resources, ...stateless.resources].map((r) => [r.LogicalResourceId, r.PhysicalResourceId]),
    ),
  };
}

function readOffline(dir: string, stage: string): StageState {
  const read = (file: string) => JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
  const env = read('env.json') as { account: string; region: string };
  return { stage, ...env, stateful: read('stateful.json'), stateless: read('stateless.json'), physicalIds: read('resources.json') };
}

function execute(plan: MovePlan, region: string): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'relais-move-'));
  const file = (name: string, value: Json) => {
    const f = path.join(dir, name);
    fs.writeFileSync(f, JSON.stringify(value));
    return f;
  };
  const params = Object.keys(plan.retainTemplate.Parameters ?? {}).flatMap((k) => [
    '--parameters',
    `ParameterKey=${k},UsePreviousValue=true`,
  ]);
  console.log('1. retain');
  aws(
    [
      'cloudformation',
      'update-stack',
      '--stack-name',
      plan.statelessStack,
      '--template-body',
      `file://${file('retain.json', plan.retainTemplate)}`,
      '--capabilities',
      'CAPABILITY_IAM',
      'CAPABILITY_NAMED_IAM',
      'CAPABILITY_AUTO_EXPAND',
      ...params,
    ],
    region,
  );
  aws(['cloudformation', 'wait', 'stack-update-complete', '--stack-name', plan.statelessStack], region);
  console.log('2. refactor');
  const created = JSON.parse(
    aws(
      [
        'cloudformation',
        'create-stack-refactor',
        '--description',
        'Relais ADR 0030: lasting state to the stateful stack',
        '--stack-definitions',
        `StackName=${plan.statefulStack},TemplateBody=${JSON.stringify(plan.statefulAfter)}`,
        `StackName=${plan.statelessStack},TemplateBody=${JSON.stringify(plan.statelessAfter)}`,
        '--resource-mappings',
        `file://${file('mappings.json', plan.mappings)}`,
      ],
      region,
    ),
  );
  const id = created.StackRefactorId as string;
  aws(['cloudformation', 'wait', 'stack-refactor-create-complete', '--stack-refactor-id', id], region);
  aws(['cloudformation', 'execute-stack-refactor', '--stack-refactor-id', id], region);
  aws(['cloudformation', 'wait', 'stack-refactor-execute-complete', '--stack-refactor-id', id], region);
  console.log('3. deploy: npm run deploy -- --stage <stage>, then 4. verify: run this script again (it checks the ids)');
}

function main(argv: string[]): number {
  const arg = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const stage = arg('stage');
  if (!stage) {
    console.error('Usage : npx tsx scripts/move-state.ts --stage <nom> [--dry-run] [--region eu-west-1] [--from <dossier>]');
    return 2;
  }
  const region = arg('region') ?? 'eu-west-1';
  const from = arg('from');
  const dryRun = argv.includes('--dry-run') || from !== undefined;
  const state = from ? readOffline(from, stage) : readDeployed(stage, region);
  const plan = planMove(state);
  for (const line of describePlan(plan)) console.log(line);
  if (plan.moved.length === 0) {
    // Step 4 when run after the move: the ids read before are in the stateful stack now.
    for (const id of MOVED_TO_STATEFUL) {
      if (!state.physicalIds[id]) console.log(`  ! ${id} introuvable / not found in relais-${stage}-stateful`);
      else console.log(`  ✓ ${id} = ${state.physicalIds[id]}`);
    }
    return 0;
  }
  if (dryRun) {
    console.log('Essai à blanc : rien n’a été modifié. / Dry run: nothing was changed.');
    return 0;
  }
  execute(plan, region);
  return 0;
}

if (require.main === module) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (error) {
    console.error(`Échec / failed: ${(error as Error).message}`);
    process.exitCode = 1;
  }
}
