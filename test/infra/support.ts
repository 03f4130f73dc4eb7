import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, type CfnResource, NestedStack, type Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { type RelaisOptions, type RelaisStage, buildRelais } from '../../infra/relais';

export const STAGE = 'test';

export interface Synthesised {
  app: App;
  stage: RelaisStage;
  stateful: Template;
  stateless: Template;
}

/**
 * The Relais app for one stage, as `cdk synth` builds it but without bundling the handlers
 * (`aws:cdk:bundling-stacks: []` skips esbuild; a handler not written yet does not block).
 * cdk-nag is run by the compliance tests themselves, not at synthesis.
 */
export function synthRelais(options: RelaisOptions & { context?: Record<string, unknown> } = {}): Synthesised {
  const app = new App({
    context: { 'aws:cdk:bundling-stacks': [], 'relais:stages': [STAGE], ...options.context },
  });
  const [stage] = buildRelais(app, { compliance: false, spaAssetsDir: null, ...options });
  return {
    app,
    stage: stage!,
    stateful: Template.fromStack(stage!.stateful),
    stateless: withNestedStacks(stage!.stateless),
  };
}

/**
 * A stack's template with its nested stacks' resources folded in, as if they were one template:
 * the nested stacks' parameters are replaced by the values the parent passes, and the parent's
 * reads of their outputs by the outputs' values. The tests then check the resources of a service
 * wherever the stack split puts them.
 */
export function withNestedStacks(stack: Stack): Template {
  // A copy: the assembly keeps the object `toJSON` gives, and other reads of the stack must see it unchanged.
  const parent = structuredClone(Template.fromStack(stack).toJSON()) as { Resources: Record<string, Json>; [k: string]: Json };
  const nestedStacks = stack.node.findAll().filter((c): c is NestedStack => c instanceof NestedStack && c.nestedStackParent === stack);
  const outputs = new Map<string, { value: Json }>();
  for (const nested of nestedStacks) {
    const resourceId = stack.resolve((nested.nestedStackResource as CfnResource).logicalId) as string;
    const passed = (parent.Resources[resourceId]?.Properties?.Parameters ?? {}) as Record<string, Json>;
    const child = substitute(Template.fromStack(nested).toJSON(), (v) =>
      typeof v.Ref === 'string' && v.Ref in passed ? { value: passed[v.Ref] } : undefined,
    ) as { Resources?: Record<string, Json>; Outputs?: Record<string, { Value: Json }> };
    Object.assign(parent.Resources, child.Resources ?? {});
    for (const [name, output] of Object.entries(child.Outputs ?? {})) {
      outputs.set(`${resourceId}|Outputs.${name}`, { value: output.Value });
    }
    delete parent.Resources[resourceId];
  }
  const resolveOutputs = (v: Record<string, Json>) => {
    const getAtt = v['Fn::GetAtt'];
    return Array.isArray(getAtt) ? outputs.get(`${getAtt[0]}|${getAtt[1]}`) : undefined;
  };
  // Outputs may name other nested stacks' outputs: resolve until nothing changes.
  let merged: Json = parent;
  for (let i = 0; i < 3; i++) merged = substitute(merged, resolveOutputs);
  return Template.fromJSON(merged);
}

/** Rebuild a JSON value, replacing each object `pick` recognises by the value it gives. */
function substitute(value: Json, pick: (v: Record<string, Json>) => { value: Json } | undefined): Json {
  if (Array.isArray(value)) return value.map((v) => substitute(v, pick));
  if (value && typeof value === 'object') {
    const replaced = pick(value);
    if (replaced) return replaced.value;
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, pick)]));
  }
  return value;
}

/** A throwaway built SPA (index.html + one asset), to synthesise the deployment path. */
export function fakeSpaBuild(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'relais-spa-'));
  fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>Relais</title>');
  fs.mkdirSync(path.join(dir, 'assets'));
  fs.writeFileSync(path.join(dir, 'assets', 'app-0123abcd.js'), 'console.log(1)');
  return dir;
}

/** Synthesised CloudFormation is untyped JSON; the tests read it by known shapes. */
// biome-ignore lint/suspicious/noExplicitAny: CloudFormation JSON
export type Json = any;

type Resources = Record<string, { Type: string; Properties?: Record<string, Json>; [k: string]: Json }>;

export function resourcesOf(template: Template, type: string): Resources {
  return template.findResources(type) as Resources;
}

/** Lambda functions built from the manifests (tagged by RelaisFunction), by `service.id`. */
export function relaisFunctions(template: Template): Map<string, { logicalId: string; props: Record<string, Json> }> {
  const out = new Map<string, { logicalId: string; props: Record<string, Json> }>();
  for (const [logicalId, res] of Object.entries(resourcesOf(template, 'AWS::Lambda::Function'))) {
    const tags = Object.fromEntries(((res.Properties?.Tags ?? []) as { Key: string; Value: string }[]).map((t) => [t.Key, t.Value]));
    if (!tags['relais:function']) continue;
    out.set(`${tags['relais:service']}.${tags['relais:function']}`, { logicalId, props: { ...res.Properties, tags } });
  }
  return out;
}

/**
 * Flatten an intrinsic-laden value into a readable string: `{ Ref: X }` → `<X>`,
 * `{ 'Fn::GetAtt': [X, 'Arn'] }` → `<X.Arn>`, `Fn::Join` concatenated, imports by name.
 */
export function flat(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(flat).join(',');
  if (value && typeof value === 'object') {
    const v = value as Record<string, Json>;
    if ('Ref' in v) return `<${v.Ref}>`;
    if ('Fn::GetAtt' in v) return `<${v['Fn::GetAtt'].join('.')}>`;
    if ('Fn::Join' in v) return (v['Fn::Join'][1] as unknown[]).map(flat).join(v['Fn::Join'][0]);
    if ('Fn::ImportValue' in v) return `<import:${flat(v['Fn::ImportValue'])}>`;
    if ('Fn::Sub' in v) return flat(v['Fn::Sub']);
    return JSON.stringify(v);
  }
  return String(value);
}

export interface Statement {
  Sid?: string;
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: unknown;
}

/** The statements of every policy attached to a role (by the role's logical id). */
export function statementsOfRole(template: Template, roleLogicalId: string): Statement[] {
  const out: Statement[] = [];
  for (const res of Object.values(resourcesOf(template, 'AWS::IAM::Policy'))) {
    const roles = (res.Properties?.Roles ?? []) as { Ref?: string }[];
    if (roles.some((r) => r.Ref === roleLogicalId)) out.push(...(res.Properties!.PolicyDocument.Statement as Statement[]));
  }
  return out;
}

export function actionsOf(statement: Statement): string[] {
  return Array.isArray(statement.Action) ? statement.Action : [statement.Action];
}

export function resourcesOfStatement(statement: Statement): string[] {
  const r = statement.Resource;
  return (Array.isArray(r) ? r : [r]).map(flat);
}
