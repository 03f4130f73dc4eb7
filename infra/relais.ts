import * as fs from 'node:fs';
import * as path from 'node:path';
import type { App } from 'aws-cdk-lib';
import { SERVICES } from '../services';
import type { ServiceManifest } from '../shared/manifest/manifest';
import { addCompliancePlugins } from './compliance';
import { readConfig } from './config';
import { REPO_ROOT } from './constructs/relais-function';
import { EdgeStack } from './edge-stack';
import { StatefulStack } from './stateful-stack';
import { StatelessStack } from './stateless-stack';

export interface RelaisOptions {
  services?: readonly ServiceManifest[];
  /**
   * The built SPA; default web/dist, which must exist (synthesis fails otherwise). `null`: no SPA
   * deployment, said explicitly (tests; `-c relais:spa=none` does the same from the command line).
   */
  spaAssetsDir?: string | null;
  /** Run cdk-nag on synthesis (default true; the compliance test runs the packs itself). */
  compliance?: boolean;
}

export interface RelaisStage {
  name: string;
  stateful: StatefulStack;
  stateless: StatelessStack;
  edge: EdgeStack;
}

/**
 * The whole AWS side of Relais: for each stage of `relais:stages`, a stateful stack (tables,
 * their key, backups) and a stateless one (everything else), both built from the manifests.
 */
export function buildRelais(app: App, options: RelaisOptions = {}): RelaisStage[] {
  const config = readConfig(app.node);
  const services = options.services ?? SERVICES;

  // web/dist is built by `npm run build:web`. A real synthesis without it fails: a deployment
  // would otherwise leave the stage without its SPA, silently. Synthesising without the SPA is
  // said explicitly: `spaAssetsDir: null` (the infra tests) or `-c relais:spa=none` (`npm run synth`).
  const spaAssetsDir =
    options.spaAssetsDir === null || app.node.tryGetContext('relais:spa') === 'none' ? undefined : spaDir(options.spaAssetsDir);

  const stages = config.stages.map((stage) => {
    // Each stage in its own account when configured (relais:account per stage; the pipeline's
    // staging and production accounts), the default account otherwise.
    const env = { account: stage.account, region: config.region };
    const stateful = new StatefulStack(app, `relais-${stage.name}-stateful`, {
      env,
      stage: stage.name,
      services,
      description: `Relais ${stage.name}: lasting state (tables, secrets, user pool, keys, backups)`,
      // The tables are retained and protected anyway; this stops the stack itself from being
      // deleted by a mistaken `cdk destroy`.
      terminationProtection: true,
    });
    // CloudFront's web ACL lives in us-east-1 (a CloudFront rule of WAF).
    const edge = new EdgeStack(app, `relais-${stage.name}-edge`, {
      env: { account: stage.account, region: 'us-east-1' },
      stage: stage.name,
      description: `Relais ${stage.name}: web ACL of the distribution (rate limits), in us-east-1 for CloudFront`,
      crossRegionReferences: true,
    });
    const stateless = new StatelessStack(app, `relais-${stage.name}-stateless`, {
      env,
      crossRegionReferences: true,
      webAclArn: edge.webAcl.attrArn,
      stage,
      services,
      tables: stateful.tables,
      dataKeyArn: stateful.dataKey.keyArn,
      secrets: stateful.secrets,
      secretsKey: stateful.secretsKey,
      originSecret: stateful.originSecret,
      userPool: stateful.users.userPool,
      personPool: stateful.persons?.userPool,
      spaAssetsDir,
      spaDomainName: stringContext(app, 'relais:spaDomain', stage.name),
      spaCertificateArn: stringContext(app, 'relais:spaCertificateArn', stage.name),
      description: `Relais ${stage.name}: API, functions, events, identity, SPA hosting`,
    });
    stateless.addStackDependency(stateful, 'the stateless stack reads the tables, their key and their streams');
    stateless.addStackDependency(edge, 'the distribution carries the edge stack’s web ACL');
    return { name: stage.name, stateful, stateless, edge };
  });

  if (options.compliance ?? true) addCompliancePlugins(app);
  return stages;
}

export const SPA_NOT_BUILT =
  'Application web non construite : lancez `npm run build:web` avant la synthèse (ou `-c relais:spa=none` pour une synthèse sans ' +
  'l’application, jamais pour un déploiement). / The web app is not built: run `npm run build:web` before synthesising ' +
  '(or `-c relais:spa=none` to synthesise without it, never to deploy).';

function spaDir(given: string | undefined): string {
  const dir = given ?? path.join(REPO_ROOT, 'web', 'dist');
  if (!fs.existsSync(path.join(dir, 'index.html'))) throw new Error(`${SPA_NOT_BUILT} (${dir})`);
  return dir;
}

function stringContext(app: App, key: string, stage: string): string | undefined {
  const value = app.node.tryGetContext(key);
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && typeof value[stage] === 'string') return value[stage];
  return undefined;
}
