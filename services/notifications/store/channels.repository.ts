import { ARTICLES, type Article } from '../../../shared/text/french';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { tableName } from '../../../shared/config/settings';
import { ddb } from '../../../shared/dynamo/client';
import type { UnitOfWork } from '../../../shared/dynamo/unit-of-work';
import { channelsKey } from './keys';

const table = () => tableName('notifications', 'main');

/** What the notifier keeps of an organisation (from `OrganisationNotificationChannelsChanged`). */
export interface OrganisationChannels {
  id: string;
  name: string;
  /** The article the name takes (ADR 0028); absent from older events. */
  article?: Article;
  version: number;
  notification: { email?: string; sms?: string; webhookUrl?: string };
}

/** The projection of organisations' channels: the newest version of each, nothing else. */
export interface ChannelsStore {
  getOrganisation(id: string): Promise<OrganisationChannels | undefined>;
  saveChannels(uow: UnitOfWork, channels: OrganisationChannels): void;
}

const text = (value: unknown) => (typeof value === 'string' && value ? value : undefined);

export class DynamoChannelsStore implements ChannelsStore {
  async getOrganisation(id: string): Promise<OrganisationChannels | undefined> {
    const out = await ddb().send(new GetCommand({ TableName: table(), Key: channelsKey(id), ConsistentRead: true }));
    const item = out.Item;
    if (!item) return undefined;
    const channels = (item.channels ?? {}) as Record<string, unknown>;
    const email = text(channels.email);
    const sms = text(channels.sms);
    const webhookUrl = text(channels.webhookUrl);
    const article = ARTICLES.find((a) => a === item.article);
    return {
      id,
      name: String(item.name),
      ...(article !== undefined ? { article } : {}),
      version: Number(item.version),
      notification: { ...(email ? { email } : {}), ...(sms ? { sms } : {}), ...(webhookUrl ? { webhookUrl } : {}) },
    };
  }

  saveChannels(uow: UnitOfWork, channels: OrganisationChannels): void {
    uow.put(table(), {
      ...channelsKey(channels.id),
      entity: 'OrganisationChannels',
      organisationId: channels.id,
      name: channels.name,
      ...(channels.article !== undefined ? { article: channels.article } : {}),
      version: channels.version,
      channels: channels.notification,
    });
  }
}
