import * as z from 'zod';
import type { Actor } from '../../../shared/auth/actor';
import { audit } from '../../../shared/auth/audit';
import { authorize } from '../../../shared/auth/policy';
import { defineUseCase, type UseCaseContext } from '../../../shared/use-case/define-use-case';
import { IdSchema } from '../../../shared/validation/common.schema';
import { type IdentityLink, IdentityLinkRequestSchema } from '../domain/sign-in.schema';
import { intakeErrors } from '../errors';
import type { IdentityLinkStore } from '../store/identity-link.store';
import type { IntakeUseCaseDeps } from './context';
import { accessTo } from './person-access';

/** What the identity link needs beyond intake's dependencies. */
export type IdentityLinkDeps = IntakeUseCaseDeps & { identityLinks: IdentityLinkStore };

const LINK_ROUTE = 'POST /api/persons/{id}/identity-link';
const UNLINK_ROUTE = 'DELETE /api/persons/{id}/identity-link';

/** The person, and the caller's right to link her identity (decided before anything is written). */
async function linkable(deps: IdentityLinkDeps, actor: Actor, personId: string) {
  const person = await deps.repository.getPerson(personId);
  if (!person) throw intakeErrors.error('person.not-found');
  const { facts } = await accessTo(deps, actor, person);
  authorize('person.identityLink', actor, facts, intakeErrors.error('person.identity-link-forbidden'));
  return person;
}

/**
 * `POST /api/persons/{id}/identity-link` (issue 15, ADR 0036): a professional who reads her whole
 * file — never on an exceptional access, never the coordination — confirms, once, that a
 * FranceConnect identity (its `sub`) is hers; from then on the persons' pool gives that identity
 * her person id. Never matched by name or birth date. An identity already linked to another
 * person → 409; the same one again → unchanged. Audited.
 */
export const LinkIdentity = defineUseCase({
  name: 'intake.linkIdentity',
  input: z.strictObject({ personId: IdSchema, request: IdentityLinkRequestSchema }),
  action: 'person.identityLink',
  async run({
    input,
    actor,
    uow,
    deps,
    now,
  }: UseCaseContext<{ personId: string; request: { franceConnectSub: string } }, IdentityLinkDeps, Actor>): Promise<IdentityLink> {
    const person = await linkable(deps, actor, input.personId);
    const sub = input.request.franceConnectSub;
    const previous = await deps.identityLinks.linkOf(person.id);
    if (previous?.sub === sub) return { personId: person.id, linked: true, linkedAt: previous.linkedAt };
    const linkedAt = now.toISOString();
    deps.identityLinks.link(uow, person.id, { sub, linkedAt, linkedBy: actor.id }, previous, () =>
      intakeErrors.error('person.identity-link-taken'),
    );
    audit(uow, actor, { personId: person.id, action: 'create', route: LINK_ROUTE, purpose: 'lien-franceconnect' }, now);
    return { personId: person.id, linked: true, linkedAt };
  },
});

/** `DELETE /api/persons/{id}/identity-link`: the same professionals remove it (no link → 404). Audited. */
export const UnlinkIdentity = defineUseCase({
  name: 'intake.unlinkIdentity',
  input: z.strictObject({ personId: IdSchema }),
  action: 'person.identityLink',
  async run({ input, actor, uow, deps, now }: UseCaseContext<{ personId: string }, IdentityLinkDeps, Actor>): Promise<IdentityLink> {
    const person = await linkable(deps, actor, input.personId);
    const link = await deps.identityLinks.linkOf(person.id);
    if (!link) throw intakeErrors.error('person.identity-link-not-found');
    deps.identityLinks.unlink(uow, person.id, link);
    audit(uow, actor, { personId: person.id, action: 'erase', route: UNLINK_ROUTE, purpose: 'lien-franceconnect' }, now);
    return { personId: person.id, linked: false };
  },
});
