import { UnitOfWork } from '../../../shared/dynamo/unit-of-work';
import { ConflictError } from '../../../shared/errors/errors';
import type { DirectoryRepository, HoursPlanner } from '../domain/directory.ports';
import { CreateOrganisationSchema, CreateSiteSchema, type Organisation, type Site } from '../domain/directory.schema';
import { organisationChannelsChanged, organisationEvents } from '../use-cases/organisations.use-cases';
import { siteChanged } from '../use-cases/sites.use-cases';
import { DEMO_ORGANISATIONS, DEMO_SITES } from './lot-demo';

/**
 * A demo organisation already there (a database kept from an earlier start, maybe from before
 * the notifications service): announce its channels again, so the notifier's projection has
 * them. The projection keeps the newest version, so announcing them twice changes nothing.
 */
async function republishChannels(repository: DirectoryRepository, id: string, now: Date): Promise<void> {
  const current = await repository.getOrganisation(id);
  if (!current) return;
  const uow = new UnitOfWork();
  repository.publish(uow, organisationChannelsChanged(current, {}, now));
  await uow.commit();
}

/**
 * Load the Lot demo directory (local mode, first start). Each record is created only if absent,
 * with its events, in its own transaction: loading twice changes nothing (an organisation
 * already there has its channels announced again, for the notifications service).
 */
export async function seedDemoDirectory(
  repository: DirectoryRepository,
  planHours: HoursPlanner,
  now = new Date(),
): Promise<{ created: number }> {
  let created = 0;
  const at = now.toISOString();
  const save = async (write: (uow: UnitOfWork) => void) => {
    const uow = new UnitOfWork();
    write(uow);
    try {
      await uow.commit();
      created++;
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
    }
  };
  for (const { id, ...input } of DEMO_ORGANISATIONS) {
    const org: Organisation = {
      id,
      ...CreateOrganisationSchema.parse(input),
      webhookSecretSet: false,
      version: 1,
      createdAt: at,
      updatedAt: at,
    };
    const before = created;
    await save((uow) => {
      repository.saveOrganisation(uow, org);
      for (const event of organisationEvents(org, 'created', {}, now)) repository.publish(uow, event);
    });
    if (created === before) await republishChannels(repository, id, now);
  }
  for (const { id, ...input } of DEMO_SITES) {
    const parsed = CreateSiteSchema.parse(input);
    if (!parsed.location) throw new Error(`Demo site ${id} has no coordinates`);
    const site: Site = { id, ...parsed, location: parsed.location, locationSource: 'provided', version: 1, createdAt: at, updatedAt: at };
    await save((uow) => {
      repository.saveSite(uow, site, planHours(site.openingHours, now));
      repository.publish(uow, siteChanged(site, 'created', {}, now));
    });
  }
  return { created };
}
