import { UnitOfWork } from '../../../shared/dynamo/unit-of-work';
import { AppError } from '../../../shared/errors/errors';
import { guessArticle } from '../../../shared/text/french';
import type { EntryDeps, HoursPlanner, SiteRecord } from '../domain/directory.ports';
import type { Organisation, Origin, Service, Site } from '../domain/directory.schema';
import { parisDate } from '../formats/data-inclusion';
import { type DataInclusionBatch, parseDataInclusion, type RejectedRow } from '../formats/data-inclusion-import';
import type { Geocoder } from '../geo/geocoder';
import { organisationEvents } from './organisations.use-cases';
import { serviceChanged } from './services.use-cases';
import { placeSite, siteChanged } from './sites.use-cases';

export interface ImportDeps extends EntryDeps {
  geocoder: Geocoder;
  planHours: HoursPlanner;
  departement: string;
}

interface Counts {
  created: number;
  updated: number;
  unchanged: number;
}

export interface ImportReport {
  structures: Counts;
  services: Counts;
  rejected: RejectedRow[];
  /** A pull only: the rows left aside because a partner verified the entry in Relais after the source's `date_maj`. */
  keptVerified?: { structures: number; services: number };
}

/**
 * What a pull from the data·inclusion API adds to an import (ADR 0044): the source's `date_maj`
 * of each row. A row never overwrites an entry a partner verified in Relais on that day or later.
 */
export interface KeepVerified {
  updatedOn(kind: 'structure' | 'service', origin: Origin): string | undefined;
}

/** Relais' verification wins when it is as recent as the source's last update (same day included). */
function verifiedSince(lastVerifiedAt: string | undefined, updatedOn: string | undefined): boolean {
  return !!lastVerifiedAt && !!updatedOn && parisDate(lastVerifiedAt) >= updatedOn;
}

type Outcome = 'created' | 'updated' | 'unchanged' | 'kept';

/** The fields an import brings; anything else (charter, contacts, themes…) stays as the network set it. */
const IMPORTED_ORGANISATION_FIELDS = ['name', 'type', 'siret', 'website', 'description'] as const;
const IMPORTED_SITE_FIELDS = [
  'name',
  'address',
  'communeCode',
  'postalCode',
  'location',
  'openingHours',
  'unconditionalReception',
  'phone',
  'email',
] as const;

/** JSON with sorted keys and without undefined: two records with the same content compare equal. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v,
  );
}

function differs(current: Record<string, unknown>, next: Record<string, unknown>, fields: readonly string[]): boolean {
  return fields.some((f) => canonical(current[f] ?? null) !== canonical(next[f] ?? null));
}

function only<T extends Record<string, unknown>>(value: T, fields: readonly string[]): Partial<T> {
  const out: Record<string, unknown> = {};
  for (const f of fields) out[f] = value[f];
  return out as Partial<T>;
}

const SERVICE_CONTENT = (s: Service) => {
  const { id: _id, organisationId: _o, siteId: _s, origin: _g, version: _v, createdAt: _c, updatedAt: _u, ...content } = s;
  return content;
};

const reasonOf = (error: unknown) =>
  error instanceof AppError
    ? error.errors?.length
      ? error.errors
      : [{ path: '', message: error.message }]
    : [{ path: '', message: 'Erreur inattendue' }];

/**
 * Import a data·inclusion v1 file (structures + services), upserting on `source` + `id`.
 * Primary course: every row is checked on its own → each good structure becomes (or updates)
 * an organisation and its reception site, each good service its service, one transaction per
 * row with its events → a report: created, updated, unchanged, and each rejected row with its
 * reasons. Re-importing the same file changes nothing (no new version, no event).
 */
export function makeImportDataInclusion(deps: ImportDeps) {
  const { repository, clock, newId, geocoder, planHours } = deps;
  const ownSource = `relais-${deps.departement}`;
  /** Rows of a Relais export name its own records (`relais-46--<id>`): they update those records. */
  const ownId = (origin: Origin) =>
    origin.source === ownSource && origin.id.startsWith(`${ownSource}--`) ? origin.id.slice(ownSource.length + 2) : undefined;

  async function resolveStructure(origin: Origin): Promise<{ orgId?: string; siteId?: string }> {
    const own = ownId(origin);
    if (own) {
      const site = await repository.getSite(own);
      if (site) return { orgId: site.organisationId, siteId: site.id };
      if (await repository.getOrganisation(own)) return { orgId: own };
    }
    const [orgId, siteId] = await Promise.all([repository.findByOrigin('organisation', origin), repository.findByOrigin('site', origin)]);
    return { orgId, siteId };
  }

  async function resolveService(origin: Origin): Promise<string | undefined> {
    const own = ownId(origin);
    if (own && (await repository.getService(own))) return own;
    return repository.findByOrigin('service', origin);
  }

  async function upsertStructure(
    row: DataInclusionBatch['structures'][number],
    correlationId?: string,
    keep?: KeepVerified,
  ): Promise<Outcome> {
    const now = clock.now();
    const at = now.toISOString();
    const uow = new UnitOfWork();
    let outcome: Outcome = 'unchanged';

    const known = await resolveStructure(row.origin);
    if (keep && known.siteId) {
      // A place its partner verified in Relais since the source's last update: nothing of the row is taken.
      const verified = (await repository.getSite(known.siteId))?.lastVerifiedAt;
      if (verifiedSince(verified, keep.updatedOn('structure', row.origin))) return 'kept';
    }
    const orgId = known.orgId;
    const currentOrg = orgId ? await repository.getOrganisation(orgId) : undefined;
    let org: Organisation;
    if (!currentOrg) {
      org = {
        id: newId(),
        ...row.organisation,
        // The exchange formats carry no article: the default the form would propose, until someone corrects it (ADR 0028).
        article: row.organisation.article ?? guessArticle(row.organisation.name),
        // Imported places are listed; joining the network (the charter) is the coordinator's call.
        networkMember: false,
        origin: row.origin,
        webhookSecretSet: false,
        version: 1,
        createdAt: at,
        updatedAt: at,
      };
      repository.saveOrganisation(uow, org);
      for (const event of organisationEvents(org, 'created', { correlationId }, now)) repository.publish(uow, event);
      outcome = 'created';
    } else if (differs(currentOrg, row.organisation, IMPORTED_ORGANISATION_FIELDS)) {
      org = { ...currentOrg, ...only(row.organisation, IMPORTED_ORGANISATION_FIELDS), version: currentOrg.version + 1, updatedAt: at };
      repository.saveOrganisation(uow, org, currentOrg.version);
      for (const event of organisationEvents(org, 'updated', { correlationId }, now)) repository.publish(uow, event);
      outcome = 'updated';
    } else {
      org = currentOrg;
    }

    if (row.site) {
      const siteId = known.siteId;
      const currentSite: SiteRecord | undefined = siteId ? await repository.getSite(siteId) : undefined;
      // Without coordinates in the file, a known site keeps where it was placed.
      const wanted = { ...row.site, location: row.site.location ?? currentSite?.location };
      if (!currentSite) {
        const placed = await placeSite(geocoder, row.site);
        const site: Site = {
          id: newId(),
          ...row.site,
          ...placed,
          organisationId: org.id,
          origin: row.origin,
          version: 1,
          createdAt: at,
          updatedAt: at,
        };
        repository.saveSite(uow, site, planHours(site.openingHours, now));
        repository.publish(uow, siteChanged(site, 'created', { correlationId }, now));
        outcome = 'created';
      } else if (differs(currentSite, wanted, IMPORTED_SITE_FIELDS)) {
        const { openIntervals: _old, ...stored } = currentSite;
        const placed = row.site.location ? { location: row.site.location, locationSource: 'provided' as const } : {};
        const site: Site = {
          ...stored,
          ...only(row.site, IMPORTED_SITE_FIELDS),
          location: currentSite.location,
          ...placed,
          version: currentSite.version + 1,
          updatedAt: at,
        };
        repository.saveSite(uow, site, planHours(site.openingHours, now), currentSite.version);
        repository.publish(uow, siteChanged(site, 'updated', { correlationId }, now));
        if (outcome === 'unchanged') outcome = 'updated';
      }
    }
    await uow.commit();
    return outcome;
  }

  async function upsertService(row: DataInclusionBatch['services'][number], correlationId?: string, keep?: KeepVerified): Promise<Outcome> {
    const structure = await resolveStructure(row.structureOrigin);
    const site = structure.siteId ? await repository.getSite(structure.siteId) : undefined;
    const organisationId = site?.organisationId ?? structure.orgId;
    if (!organisationId) {
      throw new ImportRowError([
        { path: 'structure_id', message: `Structure inconnue : ${row.structureOrigin.id} (ni dans ce fichier ni dans l’annuaire)` },
      ]);
    }
    const now = clock.now();
    const at = now.toISOString();
    const uow = new UnitOfWork();
    const serviceId = await resolveService(row.origin);
    const current = serviceId ? await repository.getService(serviceId) : undefined;
    if (keep && current && verifiedSince(current.lastVerifiedAt, keep.updatedOn('service', row.origin))) return 'kept';
    let outcome: Outcome;
    if (!current) {
      const service: Service = {
        id: newId(),
        ...row.service,
        organisationId,
        ...(site ? { siteId: site.id } : {}),
        origin: row.origin,
        version: 1,
        createdAt: at,
        updatedAt: at,
      };
      repository.saveService(uow, service);
      repository.publish(uow, serviceChanged(service, 'created', { correlationId }, now));
      outcome = 'created';
    } else {
      const next: Service = {
        ...row.service,
        id: current.id,
        organisationId,
        ...(site ? { siteId: site.id } : {}),
        origin: current.origin,
        // The source's update is not a partner's verification: the entry keeps its own.
        ...(current.lastVerifiedAt ? { lastVerifiedAt: current.lastVerifiedAt, reviewDueAt: current.reviewDueAt } : {}),
        version: current.version + 1,
        createdAt: current.createdAt,
        updatedAt: at,
      };
      const changed =
        canonical(SERVICE_CONTENT(current)) !== canonical(SERVICE_CONTENT(next)) ||
        current.organisationId !== next.organisationId ||
        current.siteId !== next.siteId;
      if (!changed) return 'unchanged';
      repository.saveService(uow, next, current.version);
      repository.publish(uow, serviceChanged(next, 'updated', { correlationId }, now));
      outcome = 'updated';
    }
    await uow.commit();
    return outcome;
  }

  return {
    async execute(
      payload: unknown,
      options: { correlationId?: string; onProgress?: (done: number, total: number) => void; keepVerified?: KeepVerified } = {},
    ) {
      const batch = parseDataInclusion(payload);
      const keep = options.keepVerified;
      const report: ImportReport = {
        structures: { created: 0, updated: 0, unchanged: 0 },
        services: { created: 0, updated: 0, unchanged: 0 },
        rejected: [...batch.rejected],
        ...(keep ? { keptVerified: { structures: 0, services: 0 } } : {}),
      };
      const total = batch.structures.length + batch.services.length;
      let done = 0;
      for (const row of batch.structures) {
        try {
          const outcome = await upsertStructure(row, options.correlationId, keep);
          if (outcome === 'kept') report.keptVerified!.structures++;
          else report.structures[outcome]++;
        } catch (error) {
          report.rejected.push({
            kind: 'structure',
            index: row.index,
            ...row.origin,
            reasons: prefixed(`structures[${row.index}]`, error),
          });
        }
        options.onProgress?.(++done, total);
      }
      for (const row of batch.services) {
        try {
          const outcome = await upsertService(row, options.correlationId, keep);
          if (outcome === 'kept') report.keptVerified!.services++;
          else report.services[outcome]++;
        } catch (error) {
          report.rejected.push({ kind: 'service', index: row.index, ...row.origin, reasons: prefixed(`services[${row.index}]`, error) });
        }
        options.onProgress?.(++done, total);
      }
      report.rejected.sort((a, b) => (a.kind === b.kind ? a.index - b.index : a.kind === 'structure' ? -1 : 1));
      return report;
    },
  };
}

class ImportRowError extends Error {
  constructor(readonly reasons: Array<{ path: string; message: string }>) {
    super('import row rejected');
  }
}

function prefixed(prefix: string, error: unknown) {
  const reasons = error instanceof ImportRowError ? error.reasons : reasonOf(error);
  return reasons.map((r) => ({ path: r.path ? `${prefix}.${r.path.replace(/^body\./, '')}` : prefix, message: r.message }));
}

export type { Origin };
