import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, type CfnResource } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { type RelaisOptions, type RelaisStage, buildRelais } from '../../infra/relais';

export const STAGE = 'test';

export interface Synthesised {
  app: App;
  stage: RelaisStage;
  stateful: Template;
  /**
   * The stateless stack as CloudFormation deploys it: the parent's resources and those of every
   * nested stack (ADR 0014) in one template, each nested stack's parameters replaced by the value
   * the parent passes (so `{ Ref: Bus… }` reads the same wherever the consumer lives).
   */
  stateless: Template;
  /** The parent stateless template alone, as synthesised. */
  statelessParent: Template;
  /** Each service's nested stack template (ServiceFunctionsStack), as synthesised, by service name. */
  nested: Map<string, Template>;
  /** The logical id, in the parent, of each service's nested stack resource, by service name. */
  nestedStackIds: Map<string, string>;
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
  const stateless = stage!.stateless;
  const statelessParent = Template.fromStack(stateless);
  const nested = new Map<string, Template>();
  const nestedStackIds = new Map<string, string>();
  for (const [service, nestedStack] of stateless.serviceStacks) {
    nested.set(service, Template.fromStack(nestedStack));
    nestedStackIds.set(service, stateless.resolve((nestedStack.nestedStackResource as CfnResource).logicalId) as string);
  }
  return {
    app,
    stage: stage!,
    stateful: Template.fromStack(stage!.stateful),
    stateless: mergeNested(statelessParent, nested, nestedStackIds),
    statelessParent,
    nested,
    nestedStackIds,
  };
}

let shared: Synthesised | undefined;

/**
 * The default app synthesised once per test file, for cases that only read it (never add an
 * aspect, a validation or a construct to it).
 */
export function synthRelaisShared(): Synthesised {
  shared ??= synthRelais();
  return shared;
}

/**
 * One template from a parent and its nested stacks: each nested `{ Ref: <parameter> }` becomes
 * the value the parent passes for it in the nested stack resource's `Parameters`, and each read
 * of a nested stack's output in the parent the output's value. Fails on a parameter the parent
 * does not pass, an output that does not exist and a logical id used twice.
 */
export function mergeNested(parent: Template, nested: Map<string, Template>, nestedStackIds: Map<string, string>): Template {
  const merged = structuredClone(parent.toJSON()) as Json;
  const outputs = new Map<string, Json>();
  for (const [service, template] of nested) {
    const json = template.toJSON() as Json;
    const stackResource = merged.Resources[nestedStackIds.get(service)!];
    if (stackResource?.Type !== 'AWS::CloudFormation::Stack') throw new Error(`${service}: no nested stack resource in the parent`);
    const passed = (stackResource.Properties?.Parameters ?? {}) as Record<string, Json>;
    const declared = new Set(Object.keys(json.Parameters ?? {}).filter((p) => !p.startsWith('BootstrapVersion')));
    const substitute = (value: Json): Json => {
      if (Array.isArray(value)) return value.map(substitute);
      if (value && typeof value === 'object') {
        const keys = Object.keys(value);
        if (keys.length === 1 && keys[0] === 'Ref' && declared.has(value.Ref)) {
          if (!(value.Ref in passed)) throw new Error(`${service}: parameter ${value.Ref} is not passed by the parent`);
          return structuredClone(passed[value.Ref]);
        }
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v)]));
      }
      return value;
    };
    for (const [logicalId, resource] of Object.entries(json.Resources ?? {})) {
      if (logicalId in merged.Resources) throw new Error(`${service}: logical id ${logicalId} also exists in another template`);
      merged.Resources[logicalId] = substitute(resource);
    }
    for (const [name, output] of Object.entries((json.Outputs ?? {}) as Record<string, { Value: Json }>)) {
      outputs.set(`${nestedStackIds.get(service)}|Outputs.${name}`, substitute(output.Value));
    }
  }
  // The parent's reads of a nested stack's outputs (e.g. a schedule rule's ARN in the parent's
  // failure queue policy) become the outputs' values.
  const readOutputs = (value: Json): Json => {
    if (Array.isArray(value)) return value.map(readOutputs);
    if (value && typeof value === 'object') {
      const getAtt = value['Fn::GetAtt'];
      if (Object.keys(value).length === 1 && Array.isArray(getAtt) && String(getAtt[1]).startsWith('Outputs.')) {
        const output = outputs.get(`${getAtt[0]}|${getAtt[1]}`);
        if (output === undefined) throw new Error(`No nested stack output ${getAtt[0]}.${getAtt[1]}`);
        return structuredClone(output);
      }
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, readOutputs(v)]));
    }
    return value;
  };
  return Template.fromJSON(readOutputs(merged));
}

/** Every template of the stage with its name: the stateful stack, the stateless parent and each nested stack. */
export function templatesOf(synth: Synthesised): { name: string; template: Template }[] {
  return [
    { name: synth.stage.stateful.stackName, template: synth.stateful },
    { name: synth.stage.stateless.stackName, template: synth.statelessParent },
    ...[...synth.nested].map(([service, template]) => ({ name: `${synth.stage.stateless.stackName}/${service}`, template })),
  ];
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
