import { addMonths, freshnessOf, reviewMonths, serviceQuality, siteQuality, verifiedAt } from './freshness';

const at = (iso: string) => new Date(iso);

describe('freshness of a directory entry', () => {
  it('is due for review 6 months after its verification by default, sooner for kinds whose offer moves faster', () => {
    expect(reviewMonths('caf')).toBe(6);
    expect(reviewMonths(undefined)).toBe(6);
    expect(reviewMonths('france-travail')).toBe(4);
    expect(verifiedAt(at('2026-01-15T10:00:00Z'), 'caf')).toEqual({
      lastVerifiedAt: '2026-01-15T10:00:00.000Z',
      reviewDueAt: '2026-07-15T10:00:00.000Z',
    });
  });

  it('adds calendar months (the 31st of a short month falls on its last day)', () => {
    expect(addMonths('2026-08-31T00:00:00Z', 6)).toBe('2027-02-28T00:00:00.000Z');
    expect(addMonths('2026-11-30T12:00:00Z', 3)).toBe('2027-02-28T12:00:00.000Z');
  });

  it.each([
    ['verified 5 months ago', '2026-05-01T00:00:00Z', false, false],
    ['verified 7 months ago', '2026-03-01T00:00:00Z', true, false],
    ['past due by 59 days', '2026-02-03T00:00:00Z', true, false],
    ['past due by 61 days', '2026-02-01T00:00:00Z', true, true],
  ])('%s (verified %s): due %s, flagged « à vérifier » %s', (_, verified, due, toVerify) => {
    const entry = { createdAt: '2025-01-01T00:00:00Z', ...verifiedAt(at(verified), 'caf') };
    // Now is 2026-10-01: due on 2026-08-03 is 59 days late, due on 2026-08-01 is 61.
    expect(freshnessOf(entry, at('2026-10-01T00:00:00Z'))).toMatchObject({ due, toVerify });
  });

  it('reads an entry written before freshness as verified when it was created', () => {
    const f = freshnessOf({ createdAt: '2026-01-10T00:00:00.000Z' }, at('2026-03-01T00:00:00Z'));
    expect(f).toEqual({ lastVerifiedAt: '2026-01-10T00:00:00.000Z', reviewDueAt: '2026-07-10T00:00:00.000Z', due: false, toVerify: false });
  });
});

describe('quality score', () => {
  const fresh = freshnessOf({ createdAt: '2026-09-01T00:00:00Z' }, at('2026-10-01T00:00:00Z'));
  const stale = freshnessOf({ createdAt: '2025-01-01T00:00:00Z' }, at('2026-10-01T00:00:00Z'));
  const complete = {
    openingHours: 'Mo-Fr 09:00-12:00',
    phone: '+33565123456',
    email: 'a@b.fr',
    accessibility: 'Plain-pied',
    themes: ['numerique'],
  };

  it('gives 100 to a complete site verified within its period, and says nothing is missing', () => {
    expect(siteQuality(complete, fresh)).toEqual({ score: 100, missing: [] });
  });

  it('says what is missing, in French, and counts the age of the verification', () => {
    const q = siteQuality({ openingHours: '', accessibility: '', themes: [] }, stale);
    expect(q.score).toBe(0);
    expect(q.missing).toEqual([
      'horaires d’ouverture',
      'téléphone',
      'courriel',
      'accessibilité',
      'thématiques',
      'vérification (plus de 60 jours de retard)',
    ]);
    expect(siteQuality(complete, stale).score).toBe(70);
  });

  it('scores a service on its description, contact, hours, themes, publics and mobilisation', () => {
    const service = {
      description: 'Accompagnement aux démarches en ligne de la CAF, sur rendez-vous ou sans.',
      phone: '+33565123456',
      siteId: 'site',
      themes: ['numerique'],
      publics: ['tous-publics'],
      mobilisationModes: ['telephoner'],
    };
    expect(serviceQuality(service, fresh)).toEqual({ score: 100, missing: [] });
    expect(serviceQuality({ ...service, phone: undefined, mobilisationModes: [] }, fresh)).toEqual({
      score: 75,
      missing: ['téléphone ou courriel', 'comment mobiliser le service'],
    });
  });
});
