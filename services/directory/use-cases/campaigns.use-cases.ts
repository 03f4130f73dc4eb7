import { ORGANISATION_KINDS } from '../../../shared/reference/data-inclusion-codes';
import { UnitOfWork } from '../../../shared/dynamo/unit-of-work';
import {
  CAMPAIGN_QUIET_DAYS,
  type CreateReviewCampaignInput,
  type FlaggedEntry,
  type ReviewCampaign,
  type ReviewCampaignView,
  type TerritoryRecord,
  campaignView,
} from '../domain/campaign';
import type { DirectoryDeps, SiteRecord } from '../domain/directory.ports';
import type { Organisation, Service } from '../domain/directory.schema';
import { freshnessOf } from '../domain/freshness';
import { REVIEW_LINK_DAYS, type ReviewRequest } from '../domain/review';
import { directoryErrors } from '../errors';
import { mapWithConcurrency } from '../geo/concurrency';
import { requested } from './review.use-cases';

const DAY_MS = 86_400_000;
/** Index queries in flight at once while a campaign gathers its scope. */
const QUERIES_IN_FLIGHT = 8;

interface Scope {
  /** Organisation id → its open sites and its services in the campaign's scope. */
  byOrganisation: Map<string, { siteIds: string[]; serviceIds: string[] }>;
  sites: number;
  services: number;
}

/** The entries of a territory and/or an organisation kind, through index queries only (never a Scan). */
async function scopeOf(deps: DirectoryDeps, territory: TerritoryRecord | undefined, kind: string | undefined): Promise<Scope> {
  const { repository } = deps;
  const byOrganisation = new Map<string, { siteIds: string[]; serviceIds: string[] }>();
  const entry = (organisationId: string) => {
    const e = byOrganisation.get(organisationId) ?? { siteIds: [], serviceIds: [] };
    byOrganisation.set(organisationId, e);
    return e;
  };
  let sites: SiteRecord[];
  let organisationIds: string[];
  if (territory) {
    // The territory's sites, commune by commune (the commune index); their organisations; with a kind, only those of it.
    sites = (await mapWithConcurrency(territory.communeCodes, QUERIES_IN_FLIGHT, (code) => repository.sitesOfCommune(code))).flat();
    organisationIds = [...new Set(sites.map((s) => s.organisationId))];
    if (kind) {
      const ofKind = new Set((await repository.organisationsOfKind(kind)).map((o) => o.id));
      organisationIds = organisationIds.filter((id) => ofKind.has(id));
      sites = sites.filter((s) => ofKind.has(s.organisationId));
    }
  } else {
    organisationIds = (await repository.organisationsOfKind(kind as string)).map((o) => o.id);
    sites = (await mapWithConcurrency(organisationIds, QUERIES_IN_FLIGHT, (id) => repository.sitesOfOrganisation(id))).flat();
  }
  const siteIds = new Set<string>();
  for (const site of sites) {
    if (site.closedAt) continue;
    siteIds.add(site.id);
    entry(site.organisationId).siteIds.push(site.id);
  }
  const services = (await mapWithConcurrency(organisationIds, QUERIES_IN_FLIGHT, (id) => repository.servicesOfOrganisation(id))).flat();
  let serviceCount = 0;
  for (const service of services) {
    // In a territory: the services received at one of its sites.
    if (territory && !(service.siteId && siteIds.has(service.siteId))) continue;
    entry(service.organisationId).serviceIds.push(service.id);
    serviceCount++;
  }
  return { byOrganisation, sites: siteIds.size, services: serviceCount };
}

/**
 * Launch a review campaign (coordinator).
 * Primary course: a territory and/or an organisation kind → every partner with entries in that
 * scope gets one request (the entries, due or not) and one message with the signed review link,
 * the coordinator's message added; the campaign is stored with its counts.
 * Alternative courses: unknown territory or kind → 422; a partner with a request still open or
 * asked in the last 7 days is not asked again (counted `alreadyAsked`).
 */
export function makeLaunchReviewCampaign(deps: DirectoryDeps) {
  const { repository, clock, newId } = deps;
  return {
    async execute(input: CreateReviewCampaignInput, ctx: { correlationId?: string }): Promise<ReviewCampaignView> {
      if (input.organisationKind && !ORGANISATION_KINDS.has(input.organisationKind)) {
        throw directoryErrors.error('campaign.unknown-kind', {
          errors: [{ path: 'body.organisationKind', message: 'Type de structure inconnu (liste data·inclusion « réseaux porteurs »)' }],
        });
      }
      const territory = input.territoryId ? await repository.getTerritory(input.territoryId) : undefined;
      if (input.territoryId && !territory) {
        throw directoryErrors.error('campaign.unknown-territory', {
          errors: [{ path: 'body.territoryId', message: 'Territoire inconnu' }],
        });
      }
      const now = clock.now();
      const scope = await scopeOf(deps, territory, input.organisationKind);
      const since = new Date(now.getTime() - CAMPAIGN_QUIET_DAYS * DAY_MS).toISOString();
      const open = new Set((await repository.openReviews()).map((r) => r.organisationId));
      const partners = [...scope.byOrganisation.keys()];
      const recent = await mapWithConcurrency(partners, QUERIES_IN_FLIGHT, async (id) =>
        open.has(id) ? true : (await repository.reviewsOfOrganisationSince(id, since)).length > 0,
      );
      const toAsk = partners.filter((_, i) => !recent[i]);
      const message = input.message?.trim() || undefined;
      const campaign: ReviewCampaign = {
        id: newId(),
        ...(territory ? { territoryId: territory.id, territoryName: territory.name } : {}),
        ...(input.organisationKind ? { organisationKind: input.organisationKind } : {}),
        ...(message ? { message } : {}),
        createdAt: now.toISOString(),
        sent: 0,
        alreadyAsked: partners.length - toAsk.length,
        sites: scope.sites,
        services: scope.services,
        confirmed: 0,
        corrected: 0,
      };
      // The campaign first: its counters exist before any answer can move them.
      const first = new UnitOfWork();
      repository.saveCampaign(first, campaign);
      await first.commit();
      for (const organisationId of toAsk) {
        const entries = scope.byOrganisation.get(organisationId)!;
        const review: ReviewRequest = {
          id: newId(),
          organisationId,
          ...entries,
          status: 'sent',
          sentAt: now.toISOString(),
          expiresAt: new Date(now.getTime() + REVIEW_LINK_DAYS * DAY_MS).toISOString(),
          reminders: [],
          campaignId: campaign.id,
          ...(message ? { message } : {}),
          version: 1,
        };
        const uow = new UnitOfWork();
        repository.saveReview(uow, review);
        repository.countCampaignSent(uow, campaign.id);
        repository.publish(uow, requested(review, 0, ctx.correlationId, now));
        await uow.commit();
        campaign.sent++;
      }
      return campaignView(campaign);
    },
  };
}

/** The latest campaigns with their progress (counters kept by the review links, nothing re-read). */
export function makeListReviewCampaigns(deps: DirectoryDeps) {
  return {
    async execute(): Promise<{ items: ReviewCampaignView[] }> {
      return { items: (await deps.repository.listCampaigns(100)).map(campaignView) };
    },
  };
}

/**
 * The coordinator's report of the entries past due by more than 60 days (« information à
 * vérifier »): each with its organisation, last verification, days overdue and how to reach the
 * partner. Index queries of the sites, services and organisations (the daily job's), never a Scan.
 */
export function makeListFlaggedEntries(deps: DirectoryDeps) {
  const { repository, clock } = deps;
  return {
    async execute(): Promise<{ items: FlaggedEntry[] }> {
      const now = clock.now();
      const [sites, services, organisations] = await Promise.all([
        repository.allSites(),
        repository.allServices(),
        repository.allOrganisations(),
      ]);
      const orgs = new Map<string, Organisation>(organisations.map((o) => [o.id, o]));
      const items: FlaggedEntry[] = [];
      const add = (kind: 'site' | 'service', entry: SiteRecord | Service) => {
        const f = freshnessOf(entry, now);
        if (!f.toVerify) return;
        const org = orgs.get(entry.organisationId);
        items.push({
          kind,
          id: entry.id,
          name: entry.name,
          organisationId: entry.organisationId,
          organisationName: org?.name ?? '',
          lastVerifiedAt: f.lastVerifiedAt,
          reviewDueAt: f.reviewDueAt,
          daysOverdue: Math.floor((now.getTime() - Date.parse(f.reviewDueAt)) / DAY_MS),
          channels: {
            ...(org?.notification.email ? { email: org.notification.email } : {}),
            ...(org?.notification.sms ? { sms: org.notification.sms } : {}),
            webhook: !!org?.notification.webhookUrl,
          },
        });
      };
      for (const site of sites) if (!site.closedAt) add('site', site);
      for (const service of services) add('service', service);
      items.sort((a, b) => b.daysOverdue - a.daysOverdue || a.organisationName.localeCompare(b.organisationName, 'fr'));
      return { items };
    },
  };
}

/** The parcours service created or changed a territory: the directory keeps its name and communes (campaigns). */
export function makeNoteTerritory(deps: DirectoryDeps) {
  return {
    async execute(territory: TerritoryRecord, uow: UnitOfWork): Promise<void> {
      const known = await deps.repository.getTerritory(territory.id);
      if (known && known.version >= territory.version) return;
      deps.repository.saveTerritory(uow, territory);
    },
  };
}
