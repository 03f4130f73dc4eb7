import { UnitOfWork } from '../../../shared/dynamo/unit-of-work';
import type { ReceivedEvent } from '../../../shared/events/consumer';
import { OrganisationChanged, SiteChanged } from '../../directory/events/directory.events';
import type { IntakeRepository, OrganisationProjection, SiteProjection } from '../domain/intake.ports';
import { makeApplyDirectoryEvent } from './directory-projection.use-cases';
import { ageRangeOf } from './receptions.use-cases';

/** Only what the projection touches; writes are recorded instead of sent. */
function memory() {
  const organisations = new Map<string, OrganisationProjection>();
  const sites = new Map<string, SiteProjection>();
  const repository = {
    getOrganisation: async (id: string) => organisations.get(id),
    getSite: async (id: string) => sites.get(id),
    getService: async () => undefined,
    saveOrganisation: (_uow: UnitOfWork, o: OrganisationProjection) => organisations.set(o.organisationId, o),
    saveSite: (_uow: UnitOfWork, s: SiteProjection) => sites.set(s.siteId, s),
    saveService: () => undefined,
  } as unknown as IntakeRepository;
  return { organisations, sites, apply: makeApplyDirectoryEvent({ repository }) };
}

const received = (event: { source: string; detailType: string; detail: unknown }): ReceivedEvent => event as ReceivedEvent;

const organisationChanged = (version: number, name?: string) =>
  received(
    OrganisationChanged.create({
      organisationId: 'ORG1',
      change: version === 1 ? 'created' : 'updated',
      version,
      type: 'caf',
      networkMember: version < 3,
      charterSigned: false,
      ...(name ? { name } : {}),
    }),
  );

describe('the directory projection', () => {
  it('keeps the name, kind and membership of an organisation, replaced only by a newer version', async () => {
    const { organisations, apply } = memory();
    expect(await apply.execute(organisationChanged(2, 'CAF du Lot'), new UnitOfWork())).toBe('applied');
    expect(organisations.get('ORG1')).toEqual({ organisationId: 'ORG1', name: 'CAF du Lot', type: 'caf', networkMember: true, version: 2 });
    expect(await apply.execute(organisationChanged(1, 'Ancien nom'), new UnitOfWork())).toBe('stale');
    expect(await apply.execute(organisationChanged(2, 'CAF du Lot'), new UnitOfWork())).toBe('stale');
    expect(await apply.execute(organisationChanged(3), new UnitOfWork())).toBe('applied');
    // An event without a name leaves none: the id is shown until the directory names it again.
    expect(organisations.get('ORG1')).toEqual({ organisationId: 'ORG1', type: 'caf', networkMember: false, version: 3 });
  });

  it('knows which organisation a site belongs to', async () => {
    const { sites, apply } = memory();
    const site = SiteChanged.create({
      siteId: 'SITE1',
      organisationId: 'ORG1',
      change: 'created',
      version: 1,
      communeCode: '46042',
      location: { lon: 1.44, lat: 44.45 },
      unconditionalReception: true,
      themes: [],
    });
    expect(await apply.execute(received(site), new UnitOfWork())).toBe('applied');
    expect(sites.get('SITE1')).toEqual({ siteId: 'SITE1', organisationId: 'ORG1', communeCode: '46042', version: 1 });
    expect(await apply.execute(received({ ...site, detailType: 'CoverageComputed' }), new UnitOfWork())).toBe('ignored');
    // How the public reaches it, for the person's notice (ADR 0033).
    const placed = SiteChanged.create({
      ...site.detail.data,
      change: 'updated',
      version: 2,
      address: 'Rue Nationale, 46000 Cahors',
      phone: '+33565223344',
      openingHours: 'Mo-Fr 09:00-12:00',
    });
    expect(await apply.execute(received(placed), new UnitOfWork())).toBe('applied');
    expect(sites.get('SITE1')).toMatchObject({
      address: 'Rue Nationale, 46000 Cahors',
      phone: '+33565223344',
      openingHours: 'Mo-Fr 09:00-12:00',
      version: 2,
    });
  });

  it('refuses a malformed event rather than guessing', async () => {
    const { apply } = memory();
    const bad = received({ source: 'relais.directory', detailType: 'SiteChanged', detail: { metadata: {}, data: { siteId: 'S' } } });
    await expect(apply.execute(bad, new UnitOfWork())).rejects.toThrow();
  });
});

describe('age ranges of events', () => {
  it.each([
    ['2010-06-01', '0-17'],
    ['2008-03-10', '18-24'],
    ['2008-03-11', '0-17'],
    ['1990-01-01', '35-44'],
    ['1951-03-10', '75+'],
  ])('born %s → %s on 2026-03-10', (birthDate, range) => {
    expect(ageRangeOf(birthDate, new Date('2026-03-10T10:00:00Z'))).toBe(range);
  });
});
