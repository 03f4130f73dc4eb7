import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { tableName } from '../../../shared/config/settings';
import { ddb } from '../../../shared/dynamo/client';
import type { UnitOfWork } from '../../../shared/dynamo/unit-of-work';
import type { OutgoingEvent } from '../../../shared/events/envelope';
import { publishInTransaction } from '../../../shared/events/outbox';
import { webhookSecretKey } from './keys';

const table = () => tableName('notifications', 'main');

/** The organisations' webhook signing secrets: written by the rotation route, read by the notifier only. */
export interface WebhookSecretStore {
  saveWebhookSecret(uow: UnitOfWork, organisationId: string, secret: string, at: string): void;
  getWebhookSecret(organisationId: string): Promise<string | undefined>;
  publish(uow: UnitOfWork, event: OutgoingEvent): void;
}

export class DynamoWebhookSecrets implements WebhookSecretStore {
  saveWebhookSecret(uow: UnitOfWork, organisationId: string, secret: string, at: string): void {
    uow.put(table(), { ...webhookSecretKey(organisationId), entity: 'WebhookSecret', secret, createdAt: at });
  }

  async getWebhookSecret(organisationId: string): Promise<string | undefined> {
    const out = await ddb().send(new GetCommand({ TableName: table(), Key: webhookSecretKey(organisationId), ConsistentRead: true }));
    return typeof out.Item?.secret === 'string' ? out.Item.secret : undefined;
  }

  publish(uow: UnitOfWork, event: OutgoingEvent): void {
    publishInTransaction(uow, table(), event);
  }
}
