import { verifyLink } from '../../../shared/auth/signed-link';
import { UnitOfWork } from '../../../shared/dynamo/unit-of-work';
import type { DirectoryDeps, HoursPlanner, SiteRecord } from '../domain/directory.ports';
import { assertVersion } from '../domain/directory.rules';
import type { Service, Site } from '../domain/directory.schema';
import { freshnessOf, verifiedAt } from '../domain/freshness';
import { REMINDER_DAYS, REVIEW_LINK_DAYS, type ReviewLinkView, type ReviewRequest, type ReviewSiteCorrection } from '../domain/review';
import { serviceView, siteView } from '../domain/site-view';
import { DirectoryReviewRequested, REVIEW_LINK_SCOPE } from '../events/directory.events';
import { directoryErrors } from '../errors';
import { serviceChanged } from './services.use-cases';
import { siteChanged } from './sites.use-cases';
import type { WriteContext } from './organisations.use-cases';

const DAY_MS = 86_400_000;

export interface ReviewJobReport {
  requested: number;
  reminded: number;
  expired: number;
  /** Entries past due by more than 60 days: reported to the coordinator (never deleted). */
  toVerify: number;
}

/**
 * The daily review job.
 * Primary course: every site and service whose review is due, grouped by organisation, gives
 * one request per organisation that has none open → stored, and `DirectoryReviewRequested`
 * announced (the notifications service sends one message with the signed link). An open request
 * gets its reminders 7 and 21 days after it; after 30 days unanswered it is closed
 * `unanswered` (the entries stay, flagged « à vérifier » 60 days past due).
 */
export function makeRunReviews(deps: DirectoryDeps) {
  const { repository, clock, newId } = deps;
  return {
    async execute(correlationId?: string): Promise<ReviewJobReport> {
      const now = clock.now();
      const [sites, services, open] = await Promise.all([repository.allSites(), repository.allServices(), repository.openReviews()]);
      const report: ReviewJobReport = { requested: 0, reminded: 0, expired: 0, toVerify: 0 };
      const asked = new Set<string>();
      for (const review of open) {
        const age = (now.getTime() - Date.parse(review.sentAt)) / DAY_MS;
        const uow = new UnitOfWork();
        if (now.getTime() >= Date.parse(review.expiresAt)) {
          repository.saveReview(uow, { ...review, status: 'unanswered', version: review.version + 1 }, review.version);
          report.expired++;
        } else {
          asked.add(review.organisationId);
          const reminder = [...REMINDER_DAYS].reverse().find((day) => age >= day && !review.reminders.includes(day));
          if (reminder === undefined) continue;
          // One reminder a day at most: a late run sends the latest one only.
          const reminders = REMINDER_DAYS.filter((day) => day <= reminder);
          repository.saveReview(uow, { ...review, reminders, version: review.version + 1 }, review.version);
          repository.publish(uow, requested(review, reminder, correlationId, now));
          report.reminded++;
        }
        await uow.commit();
      }
      const due = new Map<string, { siteIds: string[]; serviceIds: string[] }>();
      const entryOf = (organisationId: string) => {
        const entry = due.get(organisationId) ?? { siteIds: [], serviceIds: [] };
        due.set(organisationId, entry);
        return entry;
      };
      for (const site of sites) {
        if (site.closedAt) continue;
        const f = freshnessOf(site, now);
        if (f.toVerify) report.toVerify++;
        if (f.due) entryOf(site.organisationId).siteIds.push(site.id);
      }
      for (const service of services) {
        const f = freshnessOf(service, now);
        if (f.toVerify) report.toVerify++;
        if (f.due) entryOf(service.organisationId).serviceIds.push(service.id);
      }
      for (const [organisationId, entries] of due) {
        if (asked.has(organisationId)) continue;
        const review: ReviewRequest = {
          id: newId(),
          organisationId,
          ...entries,
          status: 'sent',
          sentAt: now.toISOString(),
          expiresAt: new Date(now.getTime() + REVIEW_LINK_DAYS * DAY_MS).toISOString(),
          reminders: [],
          version: 1,
        };
        const uow = new UnitOfWork();
        repository.saveReview(uow, review);
        repository.publish(uow, requested(review, 0, correlationId, now));
        await uow.commit();
        report.requested++;
      }
      return report;
    },
  };
}

/** The message (or a reminder) of a request: a campaign's carries its id and the coordinator's words, the first time and at each reminder. */
export function requested(review: ReviewRequest, reminder: number, correlationId: string | undefined, now: Date) {
  return DirectoryReviewRequested.create(
    {
      reviewId: review.id,
      organisationId: review.organisationId,
      expiresAt: review.expiresAt,
      reminder,
      sites: review.siteIds.length,
      services: review.serviceIds.length,
      ...(review.campaignId ? { campaignId: review.campaignId } : {}),
      ...(review.message ? { message: review.message } : {}),
    },
    { correlationId, now },
  );
}

export interface ReviewLinkDeps extends DirectoryDeps {
  linkSecret(): Promise<string>;
  /** How to reach the coordination (a setting), quoted when a link has expired. */
  coordinationContact(): string;
}

/** A correction writes hours and phones: its function loads the hours library and the numbering plans. */
export interface ReviewCorrectionDeps extends ReviewLinkDeps {
  planHours: HoursPlanner;
}

/** The request a link opens, while it may be answered: unknown → 401, past its 30 days → 410. */
async function reviewOfLink(deps: ReviewLinkDeps, token: string): Promise<ReviewRequest> {
  const now = deps.clock.now();
  const payload = verifyLink(token, REVIEW_LINK_SCOPE, await deps.linkSecret(), now);
  const review = payload ? await deps.repository.getReview(payload.subject) : undefined;
  if (!payload || !review || review.organisationId !== payload.audience) throw directoryErrors.error('review.invalid-link');
  if (now.getTime() >= Date.parse(review.expiresAt) || review.status === 'unanswered') {
    throw directoryErrors.error('review.link-expired', { params: { contact: deps.coordinationContact() } });
  }
  return review;
}

/** The view after a write: `written` holds the entries just saved (the transaction commits after the use case). */
async function linkView(
  deps: ReviewLinkDeps,
  review: ReviewRequest,
  written = new Map<string, SiteRecord | Service>(),
): Promise<ReviewLinkView> {
  const now = deps.clock.now();
  const [organisation, sites, services] = await Promise.all([
    deps.repository.getOrganisation(review.organisationId),
    Promise.all(review.siteIds.map(async (id) => (written.get(id) as SiteRecord | undefined) ?? deps.repository.getSite(id))),
    Promise.all(review.serviceIds.map(async (id) => (written.get(id) as Service | undefined) ?? deps.repository.getService(id))),
  ]);
  return {
    organisationName: organisation?.name ?? '',
    ...(review.message ? { coordinatorMessage: review.message } : {}),
    status: review.status,
    expiresAt: review.expiresAt,
    sites: sites
      .filter((s) => s !== undefined)
      .map((s) => {
        const v = siteView(s, now);
        return {
          id: v.id,
          name: v.name,
          version: v.version,
          address: v.address,
          openingHours: v.openingHours,
          ...(v.phone ? { phone: v.phone } : {}),
          closed: !!v.closedAt,
          lastVerifiedAt: v.lastVerifiedAt,
          quality: v.quality,
        };
      }),
    services: services
      .filter((s) => s !== undefined)
      .map((s) => {
        const v = serviceView(s, now);
        return { id: v.id, name: v.name, version: v.version, lastVerifiedAt: v.lastVerifiedAt, quality: v.quality };
      }),
  };
}

/** The link's caller, checked before anything else (no stored answer is replayed to a bad link). */
export function makeVerifyReviewLink(deps: ReviewLinkDeps) {
  return {
    async execute(token: string): Promise<{ caller: string }> {
      const review = await reviewOfLink(deps, token);
      return { caller: `review-link:${review.id}` };
    },
  };
}

/** What the link shows: the organisation's entries to check. */
export function makeReadReviewLink(deps: ReviewLinkDeps) {
  return {
    async execute(token: string): Promise<ReviewLinkView> {
      return linkView(deps, await reviewOfLink(deps, token));
    },
  };
}

/**
 * « Tout est juste ».
 * Primary course: the partner, from the link, confirms its entries in one click → each site and
 * service of the request is verified now (next version, `lastVerifiedAt` and `reviewDueAt`
 * moved, events announced) and the request is `confirmed`. Confirming again changes nothing.
 */
export function makeConfirmReviewLink(deps: ReviewLinkDeps) {
  const { repository, clock } = deps;
  return {
    async execute(token: string, ctx: WriteContext): Promise<ReviewLinkView> {
      const review = await reviewOfLink(deps, token);
      if (review.status !== 'sent') return linkView(deps, review);
      const now = clock.now();
      const organisation = await repository.getOrganisation(review.organisationId);
      const verified = verifiedAt(now, organisation?.type);
      const written = new Map<string, SiteRecord | Service>();
      for (const id of review.siteIds) {
        const site = await repository.getSite(id);
        if (!site) continue;
        const { openIntervals, ...stored } = site;
        const next: Site = { ...stored, ...verified, version: site.version + 1, updatedAt: now.toISOString() };
        repository.saveSite(ctx.uow, next, openIntervals, site.version);
        repository.publish(ctx.uow, siteChanged(next, 'updated', ctx, now));
        written.set(id, { ...next, openIntervals });
      }
      for (const id of review.serviceIds) {
        const service = await repository.getService(id);
        if (!service) continue;
        const next = { ...service, ...verified, version: service.version + 1, updatedAt: now.toISOString() };
        repository.saveService(ctx.uow, next, service.version);
        repository.publish(ctx.uow, serviceChanged(next, 'updated', ctx, now));
        written.set(id, next);
      }
      const answered: ReviewRequest = { ...review, status: 'confirmed', answeredAt: now.toISOString(), version: review.version + 1 };
      repository.saveReview(ctx.uow, answered, review.version);
      if (review.campaignId) repository.countCampaignAnswer(ctx.uow, review.campaignId, review.status, 'confirmed');
      return linkView(deps, answered, written);
    },
  };
}

/**
 * Correct a site from the link: its hours, its phone, or close it (it leaves the public map and
 * stays in the directory). The site is verified now and the request counted `corrected`.
 */
export function makeCorrectReviewSite(deps: ReviewCorrectionDeps) {
  const { repository, clock, planHours } = deps;
  return {
    async execute(token: string, siteId: string, correction: ReviewSiteCorrection, ctx: WriteContext): Promise<ReviewLinkView> {
      const review = await reviewOfLink(deps, token);
      const site = review.siteIds.includes(siteId) ? await repository.getSite(siteId) : undefined;
      if (!site) throw directoryErrors.error('site.not-found');
      assertVersion(site.version, correction.version, 'site.version-conflict');
      const now = clock.now();
      const organisation = await repository.getOrganisation(review.organisationId);
      const { openIntervals: _previous, phone, ...stored } = site;
      const nextPhone = correction.phone === null ? undefined : (correction.phone ?? phone);
      const next: Site = {
        ...stored,
        ...(nextPhone ? { phone: nextPhone } : {}),
        ...(correction.openingHours !== undefined ? { openingHours: correction.openingHours } : {}),
        ...(correction.closed ? { closedAt: now.toISOString(), onPublicMap: false } : {}),
        ...verifiedAt(now, organisation?.type),
        version: site.version + 1,
        updatedAt: now.toISOString(),
      };
      const hours = planHours(next.openingHours, now);
      repository.saveSite(ctx.uow, next, hours, site.version);
      repository.publish(ctx.uow, siteChanged(next, 'updated', ctx, now));
      const answered: ReviewRequest = { ...review, status: 'corrected', answeredAt: now.toISOString(), version: review.version + 1 };
      repository.saveReview(ctx.uow, answered, review.version);
      // A campaign's progress follows its requests' answers (a confirmed request then corrected moves to « corrigé »).
      if (review.campaignId) repository.countCampaignAnswer(ctx.uow, review.campaignId, review.status, 'corrected');
      return linkView(deps, answered, new Map([[siteId, { ...next, openIntervals: hours }]]));
    },
  };
}
