import { randomBytes } from 'node:crypto';
import type { Actor } from '../../../shared/auth/actor';
import { decide } from '../../../shared/auth/policy';
import type { UnitOfWork } from '../../../shared/dynamo/unit-of-work';
import { notificationsErrors } from '../errors';
import { WebhookSecretRotated } from '../events/notifications.events';
import type { ChannelsStore } from '../store/channels.repository';
import type { WebhookSecretStore } from '../store/webhook-secrets.repository';

export interface RotateDeps {
  channels: Pick<ChannelsStore, 'getOrganisation'>;
  secrets: WebhookSecretStore;
  clock: { now(): Date };
}

/**
 * Give an organisation a new webhook signing secret (HMAC-SHA256 of timestamp + body, header
 * `X-Relais-Signature`, SECURITY.md). Primary course: an editor of the organisation (the
 * coordination, or a partner for its own) asks for one → 32 random bytes are stored beside the
 * organisation's channels, `WebhookSecretRotated` (without the secret) tells the directory that
 * one exists, and the secret is answered this once: it is never shown again. An organisation the
 * notifier was never told of (no channels event) is a 404.
 */
export function makeRotateWebhookSecret({ channels, secrets, clock }: RotateDeps) {
  return {
    async execute(
      id: string,
      actor: Actor,
      ctx: { uow: UnitOfWork; correlationId?: string },
    ): Promise<{ secret: string; createdAt: string }> {
      if (!(await channels.getOrganisation(id))) throw notificationsErrors.error('organisation.not-found');
      const own = actor.organisationId !== null && actor.organisationId === id;
      if (decide('directory.edit', actor, { ownOrganisation: own }) !== 'allow') {
        throw notificationsErrors.error('organisation.secret-forbidden');
      }
      const now = clock.now();
      const createdAt = now.toISOString();
      const secret = `whsec_${randomBytes(32).toString('base64url')}`;
      secrets.saveWebhookSecret(ctx.uow, id, secret, createdAt);
      secrets.publish(ctx.uow, WebhookSecretRotated.create({ organisationId: id, createdAt }, { correlationId: ctx.correlationId, now }));
      return { secret, createdAt };
    },
  };
}
