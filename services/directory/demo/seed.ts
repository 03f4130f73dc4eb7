import '../../../shared/validation/phone.check';
import { tableName } from '../../../shared/config/settings';
import { UnitOfWork } from '../../../shared/dynamo/unit-of-work';
import { ConflictError } from '../../../shared/errors/errors';
import type { DirectoryEntries, HoursPlanner } from '../domain/directory.ports';
import {
  CreateOrganisationSchema,
  CreateServiceSchema,
  CreateSiteSchema,
  type Organisation,
  type Service,
  type Site,
} from '../domain/directory.schema';
import { directoryErrors } from '../errors';
import { organisationChannelsChanged, organisationEvents } from '../use-cases/organisations.use-cases';
import { serviceChanged } from '../use-cases/services.use-cases';
import { siteChanged } from '../use-cases/sites.use-cases';
import { DEMO_ORGANISATIONS, DEMO_SERVICES, DEMO_SITES } from './lot-demo';

/** Marks that a demo organisation's channels were announced to the notifications service. */
const channelsAnnounced = (organisationId: string) => ({
  pk: 'DEMO#CHANNELS_ANNOUNCED',
  sk: `ORG#${organisationId}`,
  entity: 'DemoMarker',
});

/**
 * A demo organisation already there from before the notifications service (a database kept
 * from an earlier start): announce its channels once, so the notifier's projection has them.
 * The marker makes it once: later starts publish nothing (the projection would ignore it anyway).
 */
async function announceChannelsOnce(repository: DirectoryEntries, id: string, now: Date): Promise<void> {
  const current = await repository.getOrganisation(id);
  if (!current) return;
  const uow = new UnitOfWork();
  uow.put(tableName('directory', 'main'), channelsAnnounced(id), { expression: 'attribute_not_exists(pk)' }, () =>
    directoryErrors.error('record.already-exists'),
  );
  repository.publish(uow, organisationChannelsChanged(current, {}, now));
  try {
    await uow.commit();
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
  }
}

/**
 * Load the Lot demo directory (local mode, first start): organisations, sites and services. Each record is created only if absent,
 * with its events, in its own transaction: loading twice changes nothing (an organisation
 * there from before the notifications service has its channels announced, once).
 */
export async function seedDemoDirectory(
  repository: DirectoryEntries,
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
      uow.put(tableName('directory', 'main'), channelsAnnounced(id));
    });
    if (created === before) await announceChannelsOnce(repository, id, now);
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
  for (const { id, ...input } of DEMO_SERVICES) {
    const service: Service = { id, ...CreateServiceSchema.parse(input), version: 1, createdAt: at, updatedAt: at };
    await save((uow) => {
      repository.saveService(uow, service);
      repository.publish(uow, serviceChanged(service, 'created', {}, now));
    });
  }
  return { created };
}
