import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Node } from 'constructs';
import { SURVEYS_SETTINGS, SURVEYS_STAGE_SETTINGS } from '../services/surveys/surveys.settings';
import { type SettingsDecls, settingsIssues } from '../shared/config/declare';
import { KERNEL_SETTINGS } from '../shared/config/settings';
import { type DataInclusionConfig, dataInclusionConfig } from './data-inclusion';
import { type FranceConnectConfig, franceConnectConfig } from './franceconnect';
import { type ProConnectConfig, proConnectConfig } from './proconnect';

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
  /**
   * Address subscribed to the stage's alarm topic (`relais:alarmEmail`); checked at synthesis.
   * Unset: the alarms and budget notifications still reach the topic, nobody is subscribed.
   */
  alarmEmail?: string;
  /**
   * The AWS account of the stage (`relais:account`, a value for every stage or `{ "<stage>": id }`):
   * staging and production in separate accounts by configuration, never in the code.
   */
  account?: string;
  /** What the stage is watched against (alarms, budget: infra/operations.ts). */
  operations: OperationsConfig;
  /**
   * Origins allowed to embed the public map (`/carte`) in an iframe, besides the SPA itself
   * (`relais:publicMapEmbedOrigins`, e.g. `["https://www.lot.fr"]`). Empty: only 'self'.
   */
  publicMapEmbedOrigins: string[];
  /**
   * Commune reference files on the deployer's machine, copied into the bundles of the functions
   * that use Amazon Location (`relais:communesFile`: CSV `code,nom,departement,lon,lat`;
   * `relais:communesGeojson`: commune outlines). Absolute paths, checked at synthesis.
   */
  communesFile?: string;
  communesGeojson?: string;
  /** RELAIS_DEPARTEMENT of the functions (`relais:departement`); the code's default otherwise. */
  departement?: string;
  /** RELAIS_COVERAGE_THRESHOLD_MINUTES (`relais:coverageThresholdMinutes`); the code's default otherwise. */
  coverageThresholdMinutes?: number;
  /**
   * The SMS surveys' settings set for the stage (`relais:surveyDelayMinutes`, `relais:smsQuietHours`,
   * `relais:smsQuietDays`, `relais:smsMonthlyBudget`, `relais:smsOriginationIdentity`), as
   * environment variables; unset: the code's defaults.
   */
  surveysEnvironment: Record<string, string>;
  /** ProConnect as an identity provider of the staff pool (`relais:proConnect`, infra/proconnect.ts); unset: none. */
  proConnect?: ProConnectConfig;
  /** FranceConnect as an identity provider of the persons' pool (`relais:franceConnect`, infra/franceconnect.ts); unset: none. */
  franceConnect?: FranceConnectConfig;
  /** The directory's nightly data·inclusion pull (`relais:dataInclusion`, infra/data-inclusion.ts); unset: the pull stays off. */
  dataInclusion?: DataInclusionConfig;
}

/** The thresholds of a stage's alarms and budget (stage configuration; defaults for a rural département). */
export interface OperationsConfig {
  /** Monthly AWS Budget of the stage's account, in USD (`relais:monthlyBudgetUsd`); notified at 80 % and 100 %. */
  monthlyBudgetUsd: number;
  /** Month-to-date SMS spend that raises an alarm, in USD (`relais:smsSpendAlarmUsd`): SNS `SMSMonthToDateSpentUSD` (notices) and End User Messaging `TextMessageMonthlySpend` (surveys), each. */
  smsSpendAlarmUsd: number;
  /** Amazon Location route-matrix calls in one hour that raise the alarm (`relais:locationCallsPerHour`). */
  locationCallsPerHour: number;
  /** API latency p99 that raises the alarm, in milliseconds (`relais:apiLatencyP99Ms`). */
  apiLatencyP99Ms: number;
}

export const OPERATIONS_DEFAULTS: OperationsConfig = {
  monthlyBudgetUsd: 300,
  smsSpendAlarmUsd: 100,
  locationCallsPerHour: 5000,
  apiLatencyP99Ms: 3000,
};

export interface RelaisConfig {
  /** Default account id (`relais:account` when one value, or CDK_DEFAULT_ACCOUNT); a stage's own wins. */
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
  const accounts = jsonContext(node.tryGetContext('relais:account'));
  const account = (typeof accounts === 'string' && accounts.length > 0 ? accounts : undefined) ?? process.env.CDK_DEFAULT_ACCOUNT;
  const region = stringContext(node, 'relais:region') ?? DEFAULT_REGION;
  return {
    account,
    region,
    stages: stages.map((name) => ({
      name,
      callbackUrls: perStage(node.tryGetContext('relais:callbackUrls'), name),
      logoutUrls: perStage(node.tryGetContext('relais:logoutUrls'), name),
      authDomainPrefix: perStageString(node.tryGetContext('relais:authDomainPrefix'), name) ?? `relais-${name}`,
      alarmEmail: alarmEmail(perStageString(node.tryGetContext('relais:alarmEmail'), name)),
      account: accountId(perStageString(accounts, name)) ?? account,
      operations: operations(node, name),
      publicMapEmbedOrigins: embedOrigins(perStage(node.tryGetContext('relais:publicMapEmbedOrigins'), name) ?? []),
      communesFile: localFile('relais:communesFile', perStageString(node.tryGetContext('relais:communesFile'), name)),
      communesGeojson: localFile('relais:communesGeojson', perStageString(node.tryGetContext('relais:communesGeojson'), name)),
      departement: departement(perStageString(node.tryGetContext('relais:departement'), name)),
      coverageThresholdMinutes: coverageThreshold(perStageValue(node.tryGetContext('relais:coverageThresholdMinutes'), name)),
      surveysEnvironment: surveysEnvironment(node, name),
      proConnect: proConnectConfig(node.tryGetContext('relais:proConnect'), name),
      franceConnect: franceConnectConfig(node.tryGetContext('relais:franceConnect'), name),
      dataInclusion: dataInclusionConfig(node.tryGetContext('relais:dataInclusion'), name),
    })),
  };
}

/** A context value given as JSON on the command line (`-c 'relais:account={"staging":"…"}'`) is parsed. */
function jsonContext(value: unknown): unknown {
  if (typeof value === 'string' && value.trim().startsWith('{')) return JSON.parse(value);
  return value;
}

const EMAIL = /^[^\s@"'<>,;]+@[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/i;

/** The alarm address, checked at synthesis: a typo would otherwise leave the alarms unread, silently. */
function alarmEmail(value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (!EMAIL.test(value.trim())) {
    throw new Error(
      `relais:alarmEmail : « ${value} » n’est pas une adresse électronique valide (exemple : exploitation@lot.fr). / ` +
        `"${value}" is not a valid e-mail address.`,
    );
  }
  return value.trim();
}

/** An AWS account id: twelve digits. */
function accountId(value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (!/^\d{12}$/.test(value)) {
    throw new Error(
      `relais:account : « ${value} » n’est pas un identifiant de compte AWS (12 chiffres). / "${value}" is not an AWS account id.`,
    );
  }
  return value;
}

/** The thresholds of the stage's alarms and budget: positive numbers, the defaults otherwise. */
function operations(node: Node, stage: string): OperationsConfig {
  const keys: Record<keyof OperationsConfig, string> = {
    monthlyBudgetUsd: 'relais:monthlyBudgetUsd',
    smsSpendAlarmUsd: 'relais:smsSpendAlarmUsd',
    locationCallsPerHour: 'relais:locationCallsPerHour',
    apiLatencyP99Ms: 'relais:apiLatencyP99Ms',
  };
  const result = { ...OPERATIONS_DEFAULTS };
  for (const [field, key] of Object.entries(keys) as [keyof OperationsConfig, string][]) {
    const value = perStageValue(node.tryGetContext(key), stage);
    if (value === undefined || value === null || value === '') continue;
    const n = Number(value);
    if (!Number.isFinite(n) || n <= 0) {
      throw new Error(`${key} : « ${String(value)} » doit être un nombre positif. / "${String(value)}" must be a positive number.`);
    }
    result[field] = n;
  }
  return result;
}

/**
 * Origins for CSP `frame-ancestors`: `https://host[:port]` only, nothing else. A path, a
 * wildcard or a stray `;` or quote would widen the policy or inject another directive, so any
 * such value fails synthesis instead of being passed on.
 */
function embedOrigins(values: string[]): string[] {
  const origins = values.map((value) => {
    let url: URL | undefined;
    try {
      url = new URL(value);
    } catch {
      url = undefined;
    }
    const plainOrigin =
      url?.protocol === 'https:' &&
      !url.username &&
      !url.password &&
      url.pathname === '/' &&
      !url.search &&
      !url.hash &&
      /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/.test(url.hostname);
    if (!url || !plainOrigin || !/^https:\/\/[^/]+\/?$/.test(value)) {
      throw new Error(`relais:publicMapEmbedOrigins: "${value}" must be an https origin such as https://www.lot.fr (no path, no wildcard)`);
    }
    return url.origin;
  });
  return [...new Set(origins)];
}

/**
 * A file on the deployer's machine, relative to the directory `cdk` runs in (the repository
 * root, where cdk.json is) or absolute. Missing files fail synthesis with the setting's name,
 * not later as a failed copy in the middle of bundling.
 */
function localFile(key: string, value: string | undefined): string | undefined {
  if (!value) return undefined;
  const absolute = path.resolve(value);
  if (!fs.existsSync(absolute) || !fs.statSync(absolute).isFile()) {
    throw new Error(`${key}: no file at ${absolute}`);
  }
  return absolute;
}

/**
 * A stage value checked with the very rule the functions apply at cold start (the variable's
 * declaration): a typo fails the synth, naming the key, the variable and the rule.
 */
function checkStageValue(key: string, variable: string, decls: SettingsDecls, value: string): void {
  const decl = decls[variable];
  if (!decl) throw new Error(`${key}: ${variable} is not a declared setting`);
  const [issue] = settingsIssues({ [variable]: decl }, { [variable]: value });
  if (issue) throw new Error(`${key} (${variable}): "${value}" refusé — ${issue.fr} / refused — ${issue.en}`);
}

/** RELAIS_DEPARTEMENT of the functions, checked with the kernel's rule. */
function departement(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  checkStageValue('relais:departement', 'RELAIS_DEPARTEMENT', KERNEL_SETTINGS, value);
  return value;
}

/** RELAIS_COVERAGE_THRESHOLD_MINUTES of the functions, checked with the kernel's rule. */
function coverageThreshold(value: unknown): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  checkStageValue('relais:coverageThresholdMinutes', 'RELAIS_COVERAGE_THRESHOLD_MINUTES', KERNEL_SETTINGS, String(value));
  return Number(value);
}

/** The surveys' settings of a stage, checked with the service's own rules so a typo fails the synth. */
function surveysEnvironment(node: Node, stage: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, variable] of Object.entries(SURVEYS_STAGE_SETTINGS)) {
    const value = perStageValue(node.tryGetContext(key), stage);
    if (value === undefined || value === null || value === '') continue;
    checkStageValue(key, variable, SURVEYS_SETTINGS, String(value));
    env[variable] = String(value);
  }
  return env;
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

/** A scalar (string or number) for every stage, or `{ "<stage>": value }`. */
function perStageValue(value: unknown, stage: string): unknown {
  if (value && typeof value === 'object' && !Array.isArray(value)) return (value as Record<string, unknown>)[stage];
  return value;
}

function stringContext(node: Node, key: string): string | undefined {
  const value = node.tryGetContext(key);
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}
