/**
 * The authorisation policy: the typed TypeScript module (shared/auth/policy.ts) against the same
 * rule written in Cedar and evaluated by `@cedar-policy/cedar-wasm` (the engine Amazon Verified
 * Permissions runs), in the same process and run (ADR 0015). Cold start: the time to load each
 * engine in a fresh Node process (what a Lambda cold start pays; cedar-wasm compiles its 4 MB
 * module when it is required), as a ratio to the TypeScript module's; per decision: the time of one `person.read` decision, as a ratio to the TypeScript one.
 * Both engines must give the same decision on every combination of facts and roles.
 */
import { execFileSync } from 'node:child_process';
import { ROLES } from '../../shared/manifest/manifest';
import { type Facts, decide } from '../../shared/auth/policy';

const CEDAR_POLICIES = `
// person.read, as shared/auth/policy.ts says it (SECURITY.md).
permit (principal, action == Action::"person.read", resource)
when { principal.field && context.recordedByOwnOrganisation };
permit (principal, action == Action::"person.read", resource)
when { (principal.socialWorker || principal.partner) && context.parcoursMember };
permit (principal, action == Action::"person.read", resource)
when { (principal.reception || principal.socialWorker) && (context.sharingConsent || context.exceptionalAccess) };
permit (principal, action == Action::"person.read", resource)
when { principal.partner && context.referredToOwnOrganisation && (context.sharingConsent || context.exceptionalAccess) };
`;

const RESTRICTED = `
permit (principal, action == Action::"person.readRestricted", resource)
when { (principal.reception || principal.socialWorker) || (principal.partner && context.referredToOwnOrganisation) };
`;

type Cedar = typeof import('@cedar-policy/cedar-wasm/nodejs');

function cedarDecision(cedar: Cedar, role: string, f: Facts): 'allow' | 'restricted' | 'deny' {
  const attrs = {
    field: ['accueil', 'travailleur_social', 'partenaire'].includes(role),
    reception: role === 'accueil',
    socialWorker: role === 'travailleur_social',
    partner: role === 'partenaire',
  };
  const context = {
    recordedByOwnOrganisation: !!f.recordedByOwnOrganisation,
    sharingConsent: !!f.sharingConsent,
    referredToOwnOrganisation: !!f.referredToOwnOrganisation,
    parcoursMember: !!f.parcoursMember,
    exceptionalAccess: !!f.exceptionalAccess,
  };
  const ask = (action: string, policies: string) =>
    cedar.isAuthorized({
      principal: { type: 'User', id: 'u' },
      action: { type: 'Action', id: action },
      resource: { type: 'Person', id: 'p' },
      context,
      policies: { staticPolicies: policies },
      entities: [{ uid: { type: 'User', id: 'u' }, attrs, parents: [] }],
    });
  const full = ask('person.read', CEDAR_POLICIES);
  if (full.type !== 'success') throw new Error(JSON.stringify(full.errors));
  if (full.response.decision === 'allow') return 'allow';
  if (!attrs.field) return 'deny';
  const restricted = ask('person.readRestricted', RESTRICTED);
  if (restricted.type !== 'success') throw new Error(JSON.stringify(restricted.errors));
  return restricted.response.decision === 'allow' ? 'restricted' : 'deny';
}

function coldStartMs(code: string): number {
  const samples: number[] = [];
  for (let i = 0; i < 5; i++) {
    const out = execFileSync(
      process.execPath,
      ['--import', 'tsx', '-e', `const t=process.hrtime.bigint();${code};console.log(Number(process.hrtime.bigint()-t)/1e6)`],
      { cwd: process.cwd(), encoding: 'utf8' },
    );
    samples.push(Number(out.trim().split('\n').pop()));
  }
  samples.sort((a, b) => a - b);
  return samples[2] ?? Number.NaN;
}

export async function reportPolicy(): Promise<boolean> {
  const cedar = require('@cedar-policy/cedar-wasm/nodejs') as Cedar;
  // Same decisions on every combination (5 facts × 5 roles).
  const combos: Facts[] = [];
  for (let bits = 0; bits < 32; bits++) {
    combos.push({
      recordedByOwnOrganisation: !!(bits & 1),
      sharingConsent: !!(bits & 2),
      referredToOwnOrganisation: !!(bits & 4),
      parcoursMember: !!(bits & 8),
      exceptionalAccess: !!(bits & 16),
    });
  }
  let disagreements = 0;
  for (const role of ROLES) {
    for (const f of combos)
      if (decide('person.read', { roles: [role], organisationId: 'o' }, f) !== cedarDecision(cedar, role, f)) disagreements++;
  }

  const N = 20_000;
  let t = process.hrtime.bigint();
  for (let i = 0; i < N; i++) decide('person.read', { roles: [ROLES[i % 5]], organisationId: 'o' }, combos[i % 32]);
  const tsNs = Number(process.hrtime.bigint() - t) / N;
  t = process.hrtime.bigint();
  for (let i = 0; i < N / 10; i++) cedarDecision(cedar, ROLES[i % 5], combos[i % 32]);
  const cedarNs = Number(process.hrtime.bigint() - t) / (N / 10);

  const tsLoad = coldStartMs("require('./shared/auth/policy')");
  const cedarLoad = coldStartMs("require('@cedar-policy/cedar-wasm/nodejs')");

  const round = (n: number) => Math.round(n * 100) / 100;
  console.log('\nPolitique d’autorisation : module TypeScript contre Cedar (cedar-wasm), même exécution');
  console.table([
    {
      mesure: 'chargement (processus neuf, ms)',
      typescript: round(tsLoad),
      cedar: round(cedarLoad),
      'cedar / typescript': round(cedarLoad / tsLoad),
    },
    {
      mesure: 'une décision person.read (µs)',
      typescript: round(tsNs / 1000),
      cedar: round(cedarNs / 1000),
      'cedar / typescript': round(cedarNs / tsNs),
    },
  ]);
  console.log(`Décisions différentes entre les deux moteurs : ${disagreements} sur ${ROLES.length * combos.length}`);
  return disagreements === 0;
}

if (require.main === module) {
  reportPolicy().then((ok) => process.exit(ok ? 0 : 1));
}
