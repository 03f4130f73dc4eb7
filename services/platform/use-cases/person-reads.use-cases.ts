import type { Actor } from '../../../shared/auth/actor';
import { auditReads } from '../../../shared/auth/audit';
import type { ChainedEntry } from '../../../shared/auth/audit-chain';
import type { Page } from '../../../shared/dynamo/paging';
import type { UnitOfWork } from '../../../shared/dynamo/unit-of-work';
import { kernelErrors } from '../../../shared/errors/catalogue';
import type { MyRead, ReadFlag } from '../domain/person-reads.schema';
import { NO_ORGANISATION, UNKNOWN_ORGANISATION, purposeLabel, READ_ACTIONS, reasonLabel, roleLabel } from '../domain/person-reads';
import { platformErrors } from '../errors';
import type { PersonFlagMark, PersonReadsStore } from '../store/person-reads.store';

/** The person's own id from her token (role `personne`); a token without one opens nothing. */
export function personIdOf(actor: Actor): string {
  if (!actor.personId) throw kernelErrors.error('forbidden');
  return actor.personId;
}

const organisationNameOf = (id: string | null, names: Map<string, string>) =>
  id === null ? NO_ORGANISATION : (names.get(id) ?? UNKNOWN_ORGANISATION);

export function myReadView(entry: ChainedEntry, names: Map<string, string>, mark?: PersonFlagMark): MyRead {
  const reason = reasonLabel(entry.reason);
  return {
    id: String(entry.seq),
    at: entry.at,
    organisationName: organisationNameOf(entry.actorOrganisationId, names),
    role: roleLabel(entry.actorRoles),
    purpose: purposeLabel(entry.purpose),
    exceptional: entry.exceptional === true || entry.action === 'exceptional-access',
    ...(reason ? { reason } : {}),
    ...(mark ? { flag: { status: mark.status, flaggedAt: mark.flaggedAt, ...(mark.comment ? { comment: mark.comment } : {}) } } : {}),
  };
}

/**
 * « Qui a consulté mon dossier » (issue 15, point 4). Primary course: the person asks → her
 * lines still pending (a search a few seconds ago) are chained first → her partition of the
 * audit log is read newest first, reads only (not changes, not her own reads) → each line
 * says when, which organisation (by name, never the professional's name: ADR 0038), which
 * role and why, in plain French, and whether she already flagged it. Not itself audited: she
 * reads about herself, nothing of anyone else's file.
 */
export function makeListMyReads(store: PersonReadsStore, chainPending: (personId: string) => Promise<unknown>) {
  return {
    async execute(query: { limit: number; cursor?: string }, actor: Actor): Promise<Page<MyRead>> {
      const personId = personIdOf(actor);
      await chainPending(personId);
      const page = await store.readsPage(personId, query.limit, query.cursor);
      const [names, marks] = await Promise.all([
        store.organisationNames(page.items.flatMap((e) => (e.actorOrganisationId ? [e.actorOrganisationId] : []))),
        store.flagsOfPerson(personId),
      ]);
      return { items: page.items.map((e) => myReadView(e, names, marks.get(e.seq))), nextCursor: page.nextCursor };
    },
  };
}

/**
 * She flags a read she does not understand (issue 15, point 4). Primary course: the read is
 * one of hers (another person's, a change, her own reading or an unknown number → 404, never
 * saying whether it exists) → the flag is written with the read's facts as the coordinator
 * needs them (date, organisation, role, purpose, her comment) → it appears in the
 * coordinator's open list, and beside the read in her list. One flag per read (409).
 */
export function makeFlagRead(store: PersonReadsStore, clock: { now(): Date }, newId: () => string) {
  return {
    async execute(readId: string, input: { comment?: string }, actor: Actor, uow: UnitOfWork): Promise<ReadFlag> {
      const personId = personIdOf(actor);
      const seq = Number(readId);
      const entry = await store.entry(personId, seq);
      const isRead = entry && (READ_ACTIONS as readonly string[]).includes(entry.action) && !entry.actorRoles.includes('personne');
      if (!entry || !isRead) throw platformErrors.error('read.not-found');
      const names = await store.organisationNames(entry.actorOrganisationId ? [entry.actorOrganisationId] : []);
      const view = myReadView(entry, names);
      const flag: ReadFlag = {
        id: newId(),
        status: 'open',
        flaggedAt: clock.now().toISOString(),
        personId,
        read: {
          seq,
          at: entry.at,
          organisationId: entry.actorOrganisationId,
          organisationName: view.organisationName,
          role: view.role,
          purpose: view.purpose,
          exceptional: view.exceptional,
          ...(view.reason ? { reason: view.reason } : {}),
        },
        ...(input.comment ? { comment: input.comment } : {}),
      };
      store.addFlag(uow, flag);
      return flag;
    },
  };
}

/**
 * The coordinator's list of flagged reads, newest first. The flags name persons (by id) and
 * what was read of them: listing them is a reading of those persons, audited as a control
 * (`controle`), so each person sees that the coordination looked at her flag.
 */
export function makeListFlags(store: PersonReadsStore) {
  return {
    async execute(query: { status: 'open' | 'handled'; limit: number; cursor?: string }, actor: Actor): Promise<Page<ReadFlag>> {
      const page = await store.flagsPage(query.status, query.limit, query.cursor);
      if (page.items.length) {
        await auditReads(
          actor,
          page.items.map((f) => ({ personId: f.personId, action: 'read' as const, route: 'GET /api/audit/flags', purpose: 'controle' })),
        );
      }
      return page;
    },
  };
}

/** The coordinator marks a flag handled (with an optional note); a second time → 409. */
export function makeHandleFlag(store: PersonReadsStore, clock: { now(): Date }) {
  return {
    async execute(flagId: string, input: { note?: string }, actor: Actor, uow: UnitOfWork): Promise<ReadFlag> {
      const flag = await store.getFlag(flagId);
      if (!flag) throw platformErrors.error('flag.not-found');
      if (flag.status !== 'open') throw platformErrors.error('flag.already-handled');
      const next: ReadFlag = {
        ...flag,
        status: 'handled',
        handledAt: clock.now().toISOString(),
        handledBy: { userId: actor.id, name: actor.name },
        ...(input.note ? { note: input.note } : {}),
      };
      store.handleFlag(uow, flag, next);
      return next;
    },
  };
}
