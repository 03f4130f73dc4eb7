import type { Node } from 'constructs';

/**
 * What the CDK app reads from its context (cdk.json, or `-c key=value` on the command line).
 * Everything has a default so that `cdk synth` works offline, without credentials and without
 * any flag.
 */
export interface StageConfig {
  /** Short lowercase name, part of every physical name (`relais-<stage>-…`). */
  name: string;
  /** OAuth redirect URLs of the SPA; default: the CloudFront domain of the stage. */
  callbackUrls?: string[];
  logoutUrls?: string[];
  /** Prefix of the Cognito hosted UI domain (must be unique in the region). */
  authDomainPrefix: string;
  /** Optional address that receives the alarms (DLQ depth, relay failures). */
  alarmEmail?: string;
}

export interface RelaisConfig {
  /** Account id, if known (`relais:account` or CDK_DEFAULT_ACCOUNT); stacks stay account-agnostic otherwise. */
  account?: string;
  region: string;
  stages: StageConfig[];
}

/**
 * Amazon Location Service, which the directory uses for geocoding and travel times, is not
 * offered in eu-west-3 (Paris); eu-west-1 is the closest region that has every service Relais
 * uses. Override with `-c relais:region=…`.
 */
export const DEFAULT_REGION = 'eu-west-1';

const STAGE_NAME = /^[a-z][a-z0-9]{1,15}$/;

export function readConfig(node: Node): RelaisConfig {
  const stages = parseList(node.tryGetContext('relais:stages')) ?? ['staging'];
  if (stages.length === 0) throw new Error('relais:stages: at least one stage is needed');
  for (const stage of stages) {
    if (!STAGE_NAME.test(stage)) {
      throw new Error(`relais:stages: "${stage}" must be 2–16 lowercase letters or digits, starting with a letter`);
    }
  }
  const account = stringContext(node, 'relais:account') ?? process.env.CDK_DEFAULT_ACCOUNT;
  const region = stringContext(node, 'relais:region') ?? DEFAULT_REGION;
  return {
    account,
    region,
    stages: stages.map((name) => ({
      name,
      callbackUrls: perStage(node.tryGetContext('relais:callbackUrls'), name),
      logoutUrls: perStage(node.tryGetContext('relais:logoutUrls'), name),
      authDomainPrefix: perStageString(node.tryGetContext('relais:authDomainPrefix'), name) ?? `relais-${name}`,
      alarmEmail: perStageString(node.tryGetContext('relais:alarmEmail'), name),
    })),
  };
}

/** A list from context: a JSON array (cdk.json) or a comma-separated string (`-c`). */
function parseList(value: unknown): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) return value.map(String);
  if (typeof value === 'string') {
    const trimmed = value.trim();
    if (trimmed.startsWith('[')) return parseList(JSON.parse(trimmed));
    return trimmed
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  }
  throw new Error(`Expected a list, got ${JSON.stringify(value)}`);
}

/** Either one list for every stage, or `{ "<stage>": [...] }`. */
function perStage(value: unknown, stage: string): string[] | undefined {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    return parseList((value as Record<string, unknown>)[stage]);
  }
  return parseList(value);
}

function perStageString(value: unknown, stage: string): string | undefined {
  if (value && typeof value === 'object') {
    const v = (value as Record<string, unknown>)[stage];
    return typeof v === 'string' ? v : undefined;
  }
  return typeof value === 'string' ? value : undefined;
}

function stringContext(node: Node, key: string): string | undefined {
  const value = node.tryGetContext(key);
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}
