import * as fs from 'node:fs';
import * as path from 'node:path';
import type { App } from 'aws-cdk-lib';
import { SERVICES } from '../services';
import type { ServiceManifest } from '../shared/manifest/manifest';
import { addCompliancePlugins } from './compliance';
import { readConfig } from './config';
import { REPO_ROOT } from './constructs/relais-function';
import { StatefulStack } from './stateful-stack';
import { StatelessStack } from './stateless-stack';

export interface RelaisOptions {
  services?: readonly ServiceManifest[];
  /** The built SPA; default web/dist if it exists at synth time. */
  spaAssetsDir?: string | null;
  /** Run cdk-nag on synthesis (default true; the compliance test runs the packs itself). */
  compliance?: boolean;
}

export interface RelaisStage {
  name: string;
  stateful: StatefulStack;
  stateless: StatelessStack;
}

/**
 * The whole AWS side of Relais: for each stage of `relais:stages`, a stateful stack (tables,
 * their key, backups) and a stateless one (everything else), both built from the manifests.
 */
export function buildRelais(app: App, options: RelaisOptions = {}): RelaisStage[] {
  const config = readConfig(app.node);
  const services = options.services ?? SERVICES;
  const env = { account: config.account, region: config.region };

  // web/dist is built by `npm run build:web`. When it is absent (a fresh clone, the infra
  // tests) the hosting is still created, empty, and synthesis does not fail.
  const defaultSpaDir = path.join(REPO_ROOT, 'web', 'dist');
  const spaAssetsDir =
    options.spaAssetsDir === null
      ? undefined
      : (options.spaAssetsDir ?? (fs.existsSync(path.join(defaultSpaDir, 'index.html')) ? defaultSpaDir : undefined));

  const stages = config.stages.map((stage) => {
    const stateful = new StatefulStack(app, `relais-${stage.name}-stateful`, {
      env,
      stage: stage.name,
      services,
      description: `Relais ${stage.name}: lasting state (tables, secrets, user pool, keys, backups)`,
      // The tables are retained and protected anyway; this stops the stack itself from being
      // deleted by a mistaken `cdk destroy`.
      terminationProtection: true,
    });
    const stateless = new StatelessStack(app, `relais-${stage.name}-stateless`, {
      env,
      stage,
      services,
      tables: stateful.tables,
      dataKeyArn: stateful.dataKey.keyArn,
      secrets: stateful.secrets,
      secretsKey: stateful.secretsKey,
      userPool: stateful.users.userPool,
      spaAssetsDir,
      spaDomainName: stringContext(app, 'relais:spaDomain', stage.name),
      spaCertificateArn: stringContext(app, 'relais:spaCertificateArn', stage.name),
      description: `Relais ${stage.name}: API, functions, events, identity, SPA hosting`,
    });
    stateless.addStackDependency(stateful, 'the stateless stack reads the tables, their key and their streams');
    return { name: stage.name, stateful, stateless };
  });

  if (options.compliance ?? true) addCompliancePlugins(app);
  return stages;
}

function stringContext(app: App, key: string, stage: string): string | undefined {
  const value = app.node.tryGetContext(key);
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && typeof value[stage] === 'string') return value[stage];
  return undefined;
}
