import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import type { Template } from 'aws-cdk-lib/assertions';
import { SPA_NOT_BUILT, buildRelais } from '../../infra/relais';
import { deployedTables } from '../../infra/manifests';
import { SERVICES } from '../../services';
import { MOVED_TO_STATEFUL } from '../../scripts/move-state';
import { type Synthesised, synthRelaisShared, templatesOf } from './support';

/** Logical ids of the pool's domain and client in the stateless stack before ADR 0030 (unchanged: no replacement). */
const KEPT_IN_STATELESS = ['IdentityUserPoolDomain56C2A4C9', 'IdentityUserPoolSpaClient33F8E0A2'];

/**
 * ADR 0030: everything a rebuild must not lose lives in the stateful stack, retained. A secret's
 * value (opt-out hashes, indicator hashes, links partners hold), a staff account or a role group,
 * a table, a backup vault, a key that encrypts them: none of them in the stateless stacks.
 */
const LASTING = [
  'AWS::SecretsManager::Secret',
  'AWS::Cognito::UserPool',
  'AWS::Cognito::UserPoolGroup',
  'AWS::DynamoDB::Table',
  'AWS::DynamoDB::GlobalTable',
  'AWS::Backup::BackupVault',
  // The numbers that said STOP, as End User Messaging SMS keeps them (ADR 0035).
  'AWS::SMSVOICE::OptOutList',
] as const;

/**
 * Buckets of the stateless stack and why each holds nothing lasting. Any other bucket is data:
 * it belongs to the stateful stack.
 */
const REBUILDABLE_BUCKETS: Record<string, RegExp> = {
  'the SPA build output, redeployed from web/dist': /^SpaAssets[0-9A-F]{8}$/,
  'request logs (kept 180 days by their lifecycle rule, retained on deletion)': /^SpaAccessLogs[0-9A-F]{8}$/,
};

type Resource = { Type: string; DeletionPolicy?: string; UpdateReplacePolicy?: string; Properties?: Record<string, unknown> };
const resources = (t: Template) => Object.entries((t.toJSON().Resources ?? {}) as Record<string, Resource>);

let synth: Synthesised;
beforeAll(() => {
  synth = synthRelaisShared();
});

describe('Lasting state (ADR 0030)', () => {
  it('has no secret, user pool, group, table or backup vault outside the stateful stack', () => {
    const stray = templatesOf(synth)
      .filter(({ name }) => name !== synth.stage.stateful.stackName)
      .flatMap(({ name, template }) =>
        resources(template)
          .filter(([, r]) => (LASTING as readonly string[]).includes(r.Type))
          .map(([id, r]) => `${name}: ${id} (${r.Type})`),
      );
    expect(stray).toEqual([]);
  });

  it('has every lasting resource in the stateful stack, each retained on deletion and on replacement', () => {
    const stateful = resources(synth.stateful);
    const counts = Object.fromEntries(LASTING.map((type) => [type, stateful.filter(([, r]) => r.Type === type).length]));
    const secretNames = new Set(SERVICES.flatMap((s) => s.needs?.secrets ?? []));
    expect(counts).toMatchObject({
      // The manifests' secrets and the origin secret of the public routes (ADR 0045).
      'AWS::SecretsManager::Secret': secretNames.size + 1,
      // The staff's pool and its five role groups; the persons' pool and its group « personne » (ADR 0040).
      'AWS::Cognito::UserPool': 2,
      'AWS::Cognito::UserPoolGroup': 6,
      'AWS::DynamoDB::Table': SERVICES.flatMap(deployedTables).length,
      'AWS::Backup::BackupVault': 1,
    });
    const notRetained = stateful
      .filter(([, r]) => (LASTING as readonly string[]).includes(r.Type) || r.Type === 'AWS::KMS::Key')
      .filter(([, r]) => r.DeletionPolicy !== 'Retain' || r.UpdateReplacePolicy !== 'Retain')
      .map(([id]) => id);
    expect(notRetained).toEqual([]);
  });

  it('turns on PITR and deletion protection on every table, and deletion protection on the user pool', () => {
    const tables = resources(synth.stateful).filter(([, r]) => r.Type === 'AWS::DynamoDB::Table');
    expect(tables.length).toBeGreaterThan(0);
    for (const [id, table] of tables) {
      expect([id, table.Properties?.PointInTimeRecoverySpecification]).toEqual([id, { PointInTimeRecoveryEnabled: true }]);
      expect([id, table.Properties?.DeletionProtectionEnabled]).toEqual([id, true]);
    }
    const pools = resources(synth.stateful).filter(([, r]) => r.Type === 'AWS::Cognito::UserPool');
    expect(pools).toHaveLength(2);
    for (const [id, pool] of pools) expect([id, pool.Properties?.DeletionProtection]).toEqual([id, 'ACTIVE']);
  });

  it('encrypts the secrets with the stateful stack’s own retained key, and keeps their generated value', () => {
    const keys = Object.fromEntries(resources(synth.stateful).filter(([, r]) => r.Type === 'AWS::KMS::Key'));
    for (const [id, secret] of resources(synth.stateful).filter(([, r]) => r.Type === 'AWS::SecretsManager::Secret')) {
      const keyRef = (secret.Properties!.KmsKeyId as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
      expect([id, keyRef in keys]).toEqual([id, true]);
      // No fixed name (a renamed secret is a new one, with a new value) and a value generated
      // once by Secrets Manager, never written in a template.
      expect([id, secret.Properties?.Name, secret.Properties?.SecretString]).toEqual([id, undefined, undefined]);
      expect(secret.Properties?.GenerateSecretString).toMatchObject({ PasswordLength: 64 });
    }
  });

  it('keeps the pool’s and the secrets’ logical ids of the stateless stack before ADR 0030 (the move maps them one to one)', () => {
    const ids = resources(synth.stateful).map(([id]) => id);
    expect(ids).toEqual(expect.arrayContaining([...MOVED_TO_STATEFUL]));
    const statelessIds = resources(synth.statelessParent).map(([id]) => id);
    expect(statelessIds).toEqual(expect.arrayContaining(KEPT_IN_STATELESS));
  });

  it('keeps only rebuildable buckets in the stateless stacks, and retains them all the same', () => {
    const buckets = templatesOf(synth)
      .filter(({ name }) => name !== synth.stage.stateful.stackName)
      .flatMap(({ template }) => resources(template).filter(([, r]) => r.Type === 'AWS::S3::Bucket'));
    expect(buckets.length).toBeGreaterThan(0);
    for (const [id, bucket] of buckets) {
      const why = Object.entries(REBUILDABLE_BUCKETS).find(([, pattern]) => pattern.test(id))?.[0];
      expect([id, why !== undefined]).toEqual([id, true]);
      expect([id, bucket.DeletionPolicy]).toEqual([id, 'Retain']);
    }
  });
});

describe('Synthesis without the SPA build', () => {
  it('fails loudly, unless said explicitly', () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'relais-nospa-'));
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [], 'relais:stages': ['test'] } });
    expect(() => buildRelais(app, { compliance: false, spaAssetsDir: empty })).toThrow(SPA_NOT_BUILT);
    const explicit = new App({ context: { 'aws:cdk:bundling-stacks': [], 'relais:stages': ['test'], 'relais:spa': 'none' } });
    expect(() => buildRelais(explicit, { compliance: false })).not.toThrow();
  });
});
