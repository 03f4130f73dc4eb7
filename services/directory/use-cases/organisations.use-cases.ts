import type { Actor } from '../../../shared/auth/actor';
import type { UnitOfWork } from '../../../shared/dynamo/unit-of-work';
import type { EntryDeps } from '../domain/directory.ports';
import { assertVersion, canEditOrganisation, requireGovernanceRight } from '../domain/directory.rules';
import { type CreateOrganisationInput, type Organisation, type PatchOrganisationInput, withoutCleared } from '../domain/directory.schema';
import { directoryErrors } from '../errors';
import { OrganisationChanged, OrganisationNotificationChannelsChanged } from '../events/directory.events';

export interface WriteContext {
  uow: UnitOfWork;
  correlationId?: string;
}

/** The event announcing an organisation's creation or change (also used by the demo seed). */
export function organisationChanged(org: Organisation, change: 'created' | 'updated', ctx: { correlationId?: string }, now: Date) {
  return OrganisationChanged.create(
    {
      organisationId: org.id,
      name: org.name,
      ...(org.article !== undefined ? { article: org.article } : {}),
      change,
      version: org.version,
      type: org.type,
      networkMember: org.networkMember,
      charterSigned: Boolean(org.charter),
      ...(org.appointmentBook ? { appointmentBook: org.appointmentBook } : {}),
    },
    { correlationId: ctx.correlationId, now },
  );
}

/**
 * The organisation's notification channels, for the notifications service alone (ADR 0020):
 * published with `OrganisationChanged`, in the same transaction, at every change of the entry.
 */
export function organisationChannelsChanged(org: Organisation, ctx: { correlationId?: string }, now: Date) {
  const { email, sms, webhookUrl } = org.notification ?? {};
  return OrganisationNotificationChannelsChanged.create(
    {
      organisationId: org.id,
      name: org.name,
      ...(org.article !== undefined ? { article: org.article } : {}),
      version: org.version,
      channels: { ...(email ? { email } : {}), ...(sms ? { sms } : {}), ...(webhookUrl ? { webhookUrl } : {}) },
    },
    { correlationId: ctx.correlationId, now },
  );
}

/** Both events of an organisation's change, written to the outbox in the change's transaction. */
export function organisationEvents(org: Organisation, change: 'created' | 'updated', ctx: { correlationId?: string }, now: Date) {
  return [organisationChanged(org, change, ctx, now), organisationChannelsChanged(org, ctx, now)];
}

/**
 * Create an organisation of the network.
 * Primary course: the coordinator fills in the entry → it is stored at version 1 and
 * `OrganisationChanged` is announced in the same transaction.
 */
export function makeCreateOrganisation({ repository, clock, newId }: EntryDeps) {
  return {
    async execute(input: CreateOrganisationInput, _actor: Actor, ctx: WriteContext): Promise<Organisation> {
      const now = clock.now();
      const org: Organisation = {
        id: newId(),
        ...input,
        webhookSecretSet: false,
        version: 1,
        createdAt: now.toISOString(),
        updatedAt: now.toISOString(),
      };
      repository.saveOrganisation(ctx.uow, org);
      for (const event of organisationEvents(org, 'created', ctx, now)) repository.publish(ctx.uow, event);
      return org;
    },
  };
}

/**
 * Change an organisation's entry.
 * Primary course: an editor sends the fields to change with the version they read → the entry
 * is replaced at the next version and `OrganisationChanged` announced. A stale version is a 409.
 */
export function makeUpdateOrganisation({ repository, clock }: EntryDeps) {
  return {
    async execute(id: string, patch: PatchOrganisationInput, actor: Actor, ctx: WriteContext): Promise<Organisation> {
      const current = await repository.getOrganisation(id);
      if (!current) throw directoryErrors.error('organisation.not-found');
      if (!canEditOrganisation(actor, current.id)) throw directoryErrors.error('organisation.edit-forbidden');
      const { version, ...changes } = patch;
      requireGovernanceRight(actor, changes, current);
      assertVersion(current.version, version, 'organisation.version-conflict');
      const now = clock.now();
      const next = withoutCleared({
        ...current,
        ...changes,
        id: current.id,
        version: current.version + 1,
        updatedAt: now.toISOString(),
      }) as Organisation;
      repository.saveOrganisation(ctx.uow, next, current.version);
      for (const event of organisationEvents(next, 'updated', ctx, now)) repository.publish(ctx.uow, event);
      return next;
    },
  };
}

/**
 * Note on an organisation that it has a webhook signing secret (the notifications service keeps
 * the secret and rotates it, ADR 0020). Primary course: `WebhookSecretRotated` arrives → the
 * entry says `webhookSecretSet` at its next version. Already noted, or an organisation unknown
 * here: nothing changes, so a redelivered event is harmless.
 */
export function makeNoteWebhookSecret({ repository, clock }: Pick<EntryDeps, 'repository' | 'clock'>) {
  return {
    async execute(organisationId: string, uow: UnitOfWork): Promise<'noted' | 'unchanged'> {
      const current = await repository.getOrganisation(organisationId);
      if (!current || current.webhookSecretSet) return 'unchanged';
      repository.saveOrganisation(
        uow,
        { ...current, webhookSecretSet: true, version: current.version + 1, updatedAt: clock.now().toISOString() },
        current.version,
      );
      return 'noted';
    },
  };
}
