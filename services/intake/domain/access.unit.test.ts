import type { Actor } from '../../../shared/auth/actor';
import type { Role } from '../../../shared/manifest/manifest';
import { personAccess } from './access';

const actor = (role: Role, organisationId: string | null = 'CCAS'): Actor => ({
  id: `${role}-1`,
  name: 'X',
  email: null,
  roles: [role],
  organisationId,
  siteId: null,
});

const person = (shared: boolean) => ({
  createdBy: { userId: 'u', name: 'Agent', organisationId: 'CD46' },
  consents: {
    networkSharing: {
      given: shared,
      method: 'oral' as const,
      recordedAt: '',
      recordedBy: { userId: 'u', name: 'A', organisationId: 'CD46' },
    },
    smsSurveys: { given: false, method: 'oral' as const, recordedAt: '', recordedBy: { userId: 'u', name: 'A', organisationId: 'CD46' } },
  },
});

describe('who may read a person’s history (rule 2)', () => {
  it('gives the recording organisation everything, consent or not', () => {
    expect(personAccess(actor('accueil', 'CD46'), person(false), false)).toBe('full');
    expect(personAccess(actor('partenaire', 'CD46'), person(false), false)).toBe('full');
  });

  it('gives other agents and social workers everything only with the sharing consent', () => {
    for (const role of ['accueil', 'travailleur_social'] as const) {
      expect(personAccess(actor(role), person(false), false)).toBe('restricted');
      expect(personAccess(actor(role), person(true), false)).toBe('full');
    }
  });

  it('gives a partner nothing unless the person was referred to it, then follows the consent', () => {
    expect(personAccess(actor('partenaire', 'CAF'), person(true), false)).toBe('none');
    expect(personAccess(actor('partenaire', 'CAF'), person(false), true)).toBe('restricted');
    expect(personAccess(actor('partenaire', 'CAF'), person(true), true)).toBe('full');
  });

  it('never gives the coordinator or admins anything, even of their own organisation', () => {
    expect(personAccess(actor('pilote', 'CD46'), person(true), false)).toBe('none');
    expect(personAccess(actor('admin', 'CD46'), person(true), true)).toBe('none');
  });
});

describe('parcours members (SECURITY.md)', () => {
  it('gives a social worker or a partner member of the person’s parcours the full history, without consent or referral', () => {
    expect(personAccess(actor('partenaire', 'CAF'), person(false), false, true)).toBe('full');
    expect(personAccess(actor('travailleur_social', 'CCAS'), person(false), false, true)).toBe('full');
  });

  it('gives nothing more to a reception agent member, and nothing to the coordination', () => {
    expect(personAccess(actor('accueil', 'CCAS'), person(false), false, true)).toBe('restricted');
    expect(personAccess(actor('pilote', 'CD46'), person(true), false, true)).toBe('none');
  });
});

describe('exceptional access (break-glass, ADR 0016)', () => {
  it('lifts a restricted view to the full history while the grant holds', () => {
    for (const role of ['accueil', 'travailleur_social'] as const) {
      expect(personAccess(actor(role), person(false), false, false, true)).toBe('full');
    }
    expect(personAccess(actor('partenaire', 'CAF'), person(false), true, false, true)).toBe('full');
  });

  it('never opens what the caller could not see at all, nor anything to the coordination', () => {
    expect(personAccess(actor('partenaire', 'CAF'), person(false), false, false, true)).toBe('none');
    expect(personAccess(actor('pilote', 'CD46'), person(false), false, false, true)).toBe('none');
    expect(personAccess(actor('admin', 'CD46'), person(false), true, false, true)).toBe('none');
  });
});
