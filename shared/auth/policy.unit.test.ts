import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROLES, type Role } from '../manifest/manifest';
import { ACTIONS, type ActionId, type Facts, type Relation, decide, passesGate } from './policy';
import { ACTION_TEXTS, policyMarkdown } from './policy-matrix';
import { assertPolicyCovers, routeAction } from './route-actions';

const who = (role: Role, organisationId: string | null = 'ORG') => ({ roles: [role], organisationId });

describe('the authorisation policy', () => {
  it('is what docs/security-matrix.md says (regenerate with npx tsx scripts/security-matrix.ts)', () => {
    const doc = readFileSync(join(__dirname, '..', '..', 'docs', 'security-matrix.md'), 'utf8');
    expect(doc).toBe(policyMarkdown());
  });

  it('gives every action its French label, and every ruled action its rule in French (policy-matrix.ts)', () => {
    const ids = Object.keys(ACTIONS) as ActionId[];
    expect(Object.keys(ACTION_TEXTS).sort()).toEqual([...ids].sort());
    for (const id of ids) {
      const text = ACTION_TEXTS[id];
      expect([id, text.label.trim().length > 0]).toEqual([id, true]);
      if ('rule' in ACTIONS[id]) expect([id, (text.ruleText ?? '').trim().length > 0]).toEqual([id, true]);
    }
  });

  it('declares every fact each rule reads, so the matrix varies them all', () => {
    // Every fact of `Facts` (the type makes a new fact a compile error here until it is listed).
    const every: Record<Relation, true> = {
      networkMember: true,
      recordedByOwnOrganisation: true,
      sharingConsent: true,
      referredToOwnOrganisation: true,
      parcoursMember: true,
      parcoursReferent: true,
      exceptionalAccess: true,
      sendingOrganisation: true,
      receivingOrganisation: true,
      ownOrganisation: true,
      ownAccount: true,
    };
    const all = Object.keys(every) as Relation[];
    for (const id of Object.keys(ACTIONS) as ActionId[]) {
      // The matrix adds networkMember to every action (policyMarkdown).
      const declared = new Set<Relation>([...ACTION_TEXTS[id].relations, 'networkMember']);
      const undeclared = all.filter((r) => !declared.has(r));
      // Each combination of the declared facts, against the same with one undeclared fact set, or all of them.
      const variants: Facts[] = [...undeclared.map((r) => ({ [r]: true })), Object.fromEntries(undeclared.map((r) => [r, true]))];
      for (const role of ROLES) {
        for (let bits = 0; bits < 2 ** declared.size; bits++) {
          const facts: Facts = Object.fromEntries([...declared].map((r, i) => [r, !!(bits & (1 << i))]));
          for (const variant of variants) {
            const changed = decide(id, who(role), { ...facts, ...variant }) !== decide(id, who(role), facts);
            if (changed) expect([id, role, { ...facts, ...variant }]).toEqual([id, role, 'a decision that no undeclared fact changes']);
          }
        }
      }
    }
  });

  it('reads a person as SECURITY.md says: own organisation, consent, referral, parcours, exceptional access; never the coordination', () => {
    const none: Facts = {};
    expect(decide('person.read', who('accueil'), { recordedByOwnOrganisation: true })).toBe('allow');
    expect(decide('person.read', who('accueil'), none)).toBe('restricted');
    expect(decide('person.read', who('accueil'), { sharingConsent: true })).toBe('allow');
    expect(decide('person.read', who('accueil'), { exceptionalAccess: true })).toBe('allow');
    // A reception agent does not read through a parcours (social workers and partners do).
    expect(decide('person.read', who('accueil'), { parcoursMember: true })).toBe('restricted');
    expect(decide('person.read', who('travailleur_social'), { parcoursMember: true })).toBe('allow');
    expect(decide('person.read', who('partenaire'), { sharingConsent: true })).toBe('deny');
    expect(decide('person.read', who('partenaire'), { referredToOwnOrganisation: true })).toBe('restricted');
    expect(decide('person.read', who('partenaire'), { referredToOwnOrganisation: true, sharingConsent: true })).toBe('allow');
    expect(decide('person.read', who('partenaire'), { parcoursMember: true })).toBe('allow');
    // Exceptional access opens a restricted file only: never one the partner does not know of.
    expect(decide('person.read', who('partenaire'), { exceptionalAccess: true })).toBe('deny');
    for (const role of ['pilote', 'admin'] as const) {
      expect(decide('person.read', who(role), { recordedByOwnOrganisation: true, sharingConsent: true, parcoursMember: true })).toBe(
        'deny',
      );
    }
  });

  it('lets no one grant themselves access', () => {
    // Consents: the recording organisation only.
    for (const role of ROLES)
      expect(decide('person.consents', who(role), { sharingConsent: true, referredToOwnOrganisation: true })).toBe('deny');
    expect(decide('person.consents', who('partenaire'), { recordedByOwnOrganisation: true })).toBe('allow');
    // A parcours opens only for a person read in full, never through an exceptional access.
    expect(decide('parcours.open', who('travailleur_social'), {})).toBe('deny');
    expect(decide('parcours.open', who('travailleur_social'), { exceptionalAccess: true })).toBe('deny');
    expect(decide('parcours.open', who('travailleur_social'), { sharingConsent: true })).toBe('allow');
    expect(decide('parcours.open', who('accueil'), { recordedByOwnOrganisation: true })).toBe('deny');
    // Referrals: not of a person one does not know of.
    expect(decide('referral.send', who('partenaire'), { sharingConsent: true })).toBe('deny');
    expect(decide('referral.send', who('accueil'), {})).toBe('allow');
    // Network membership, kind and charter: the coordination's.
    expect(decide('directory.governance', who('partenaire'))).toBe('deny');
    expect(decide('directory.governance', who('pilote'))).toBe('allow');
    expect(decide('directory.edit', who('partenaire'), { ownOrganisation: false })).toBe('deny');
    // Exceptional access: never for a person one does not know of, nor by the coordination.
    expect(decide('person.exceptionalAccess', who('partenaire'), { sharingConsent: true })).toBe('deny');
    expect(decide('person.exceptionalAccess', who('partenaire'), { referredToOwnOrganisation: true })).toBe('allow');
    expect(decide('person.exceptionalAccess', who('accueil'), {})).toBe('allow');
    expect(decide('person.exceptionalAccess', who('pilote'), { recordedByOwnOrganisation: true })).toBe('deny');
  });

  it('keeps survey results, indicators, the audit and the local outbox to the roles SECURITY.md names', () => {
    expect(decide('surveys.results', who('accueil'), { ownOrganisation: true })).toBe('deny');
    expect(decide('surveys.results', who('travailleur_social'), { ownOrganisation: true })).toBe('deny');
    expect(decide('surveys.results', who('partenaire'), { ownOrganisation: true })).toBe('allow');
    expect(decide('surveys.results', who('partenaire'), { ownOrganisation: false })).toBe('deny');
    for (const id of ['indicators.read', 'audit.read', 'dev.outbox'] as ActionId[]) {
      expect(ROLES.filter((r) => decide(id, who(r)) === 'allow')).toEqual(['pilote', 'admin']);
    }
  });

  it('lets the person’s own token (« Mon espace ») through no professional gate, « authenticated » included', () => {
    for (const [id, decl] of Object.entries(ACTIONS) as [ActionId, (typeof ACTIONS)[ActionId]][]) {
      const gate = decl.gate as unknown;
      if (gate === 'public' || (Array.isArray(gate) && gate.includes('personne'))) continue;
      expect([id, passesGate(id, who('personne', null))]).toEqual([id, false]);
    }
    expect(passesGate('directory.read', who('accueil'))).toBe(true);
  });

  it('stops the assembly when a manifest’s access is not its route’s gate (the kernel checks the manifest’s access, ADR 0052)', () => {
    expect(() => assertPolicyCovers([{ name: 'intake', routes: [{ id: 'personHistory', access: 'authenticated' }] }])).toThrow(
      /intake\.personHistory: manifest access "authenticated" ≠ policy gate \["accueil","travailleur_social","partenaire"\]/,
    );
    expect(() => assertPolicyCovers([{ name: 'intake', routes: [{ id: 'noSuchRoute', access: 'public' }] }])).toThrow(
      /intake\.noSuchRoute: no action/,
    );
  });

  it('refuses a route it does not know', () => {
    expect(() => routeAction('intake', 'noSuchRoute')).toThrow(/no action/);
    expect(Object.keys(ACTIONS).length).toBeGreaterThan(10);
  });
});
