import type { Actor } from '../../../shared/auth/actor';
import { audit } from '../../../shared/auth/audit';
import { authorize } from '../../../shared/auth/policy';
import type { UnitOfWork } from '../../../shared/dynamo/unit-of-work';
import { platformErrors } from '../errors';
import { type PersonDataSource, collectPersonData, sectionOf } from '../person-data/collector';
import { personExportZip } from '../person-data/export-file';
import { type MyFile, myFileOf } from '../person-data/my-file';

export interface PersonSpaceDeps {
  sources: readonly PersonDataSource[];
  clock: { now(): Date };
}

/** Her person id from her token; a token without one knows no file (404, as for any other id). */
function herId(actor: Actor): string {
  if (!actor.personId) throw platformErrors.error('person.not-found');
  return actor.personId;
}

/**
 * Her file (« Mon espace »): every service is asked for what she may see (`view`, ADR 0037) and
 * the answers are put together as API.md says. Her own reads are not audited: the audit traces
 * who handled her file, and she is its subject.
 */
export function makeReadMyFile(deps: PersonSpaceDeps) {
  return {
    async execute(actor: Actor): Promise<MyFile> {
      const file = myFileOf(await collectPersonData(deps.sources, herId(actor), 'view'));
      if (!file) throw platformErrors.error('person.not-found');
      return file;
    },
  };
}

/** The ZIP of a person: her readable file (PDF, from `view`) and everything held (JSON, from `export`). */
async function exportOf(deps: PersonSpaceDeps, personId: string): Promise<Buffer> {
  const [view, everything] = await Promise.all([
    collectPersonData(deps.sources, personId, 'view'),
    collectPersonData(deps.sources, personId, 'export'),
  ]);
  const file = myFileOf(view);
  if (!file) throw platformErrors.error('person.not-found');
  return personExportZip(file, everything, deps.clock.now());
}

/** She downloads her copy of everything (RGPD right of access and portability). */
export function makeExportMyData(deps: PersonSpaceDeps) {
  return { execute: (actor: Actor): Promise<Buffer> => exportOf(deps, herId(actor)) };
}

/**
 * A professional hands a person her copy at the counter, at her request.
 * Primary course: an agent of the organisation that recorded her asks for her export → intake
 * says who recorded her → the policy allows (`person.export`) → the same ZIP as in her space; the
 * read is audited with the purpose « droit d’accès ». Alternatives: unknown person → 404;
 * another organisation → 403, decided before anything else is read.
 */
export function makeExportPersonData(deps: PersonSpaceDeps) {
  return {
    async execute(personId: string, actor: Actor, uow: UnitOfWork): Promise<Buffer> {
      const intake = deps.sources.find((s) => s.service === 'intake');
      if (!intake) throw new Error('person export: no intake source');
      const answer = await intake.give({ personId, purpose: 'export' });
      const person = sectionOf({ intake: answer.sections }, 'intake', 'persons')[0] as
        | { createdBy?: { organisationId?: string | null } }
        | undefined;
      if (!person) throw platformErrors.error('person.not-found');
      const recordedByOwnOrganisation = actor.organisationId !== null && person.createdBy?.organisationId === actor.organisationId;
      authorize('person.export', actor, { recordedByOwnOrganisation }, platformErrors.error('person.export-forbidden'));
      const zip = await exportOf(deps, personId);
      audit(uow, actor, { personId, action: 'read', route: 'GET /api/persons/{id}/export', purpose: 'droit-d-acces' }, deps.clock.now());
      return zip;
    },
  };
}
