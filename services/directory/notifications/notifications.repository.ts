import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { tableName } from '../../../shared/config/settings';
import { ddb } from '../../../shared/dynamo/client';
import type { UnitOfWork } from '../../../shared/dynamo/unit-of-work';
import type { DeliveryLog, ReferralFactsStore } from './notifications.ports';
import type { ReferralFacts } from './referral-events';

const table = () => tableName('directory', 'main');

/** Key builders of the notifier's items in the directory table (access patterns: README.md). */
export const deliveryPk = (eventId: string) => `NOTIFIED#${eventId}`;
export const referralFactsKey = (referralId: string) => ({ pk: `REFERRAL#${referralId}`, sk: 'FACTS' });

/** Delivery records outlive any redelivery (SQS keeps a message 14 days at most), like the consumer's markers. */
const DELIVERY_RETENTION_SECONDS = 30 * 24 * 3600;
/** A referral's facts serve its later messages; a year covers an accompaniment until it is closed. */
const FACTS_RETENTION_SECONDS = 400 * 24 * 3600;

export class DynamoDeliveryLog implements DeliveryLog {
  async delivered(eventId: string): Promise<Set<string>> {
    const out = await ddb().send(
      new QueryCommand({
        TableName: table(),
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': deliveryPk(eventId) },
        ConsistentRead: true,
      }),
    );
    return new Set((out.Items ?? []).map((item) => String(item.sk)));
  }

  async record(eventId: string, key: string, at: Date): Promise<void> {
    await ddb().send(
      new PutCommand({
        TableName: table(),
        Item: {
          pk: deliveryPk(eventId),
          sk: key,
          entity: 'NotificationDelivery',
          deliveredAt: at.toISOString(),
          expiresAt: Math.floor(at.getTime() / 1000) + DELIVERY_RETENTION_SECONDS,
        },
      }),
    );
  }
}

export class DynamoReferralFacts implements ReferralFactsStore {
  async get(referralId: string): Promise<ReferralFacts | undefined> {
    const out = await ddb().send(new GetCommand({ TableName: table(), Key: referralFactsKey(referralId), ConsistentRead: true }));
    const item = out.Item;
    if (!item) return undefined;
    return {
      referralId: String(item.referralId),
      fromOrganisationId: String(item.fromOrganisationId),
      toOrganisationId: String(item.toOrganisationId),
      themes: Array.isArray(item.themes) ? item.themes.map(String) : [],
      urgency: item.urgency === 'urgent' ? 'urgent' : 'normal',
      sentAt: String(item.sentAt),
      ...(typeof item.referralExpiresAt === 'string' ? { expiresAt: item.referralExpiresAt } : {}),
    };
  }

  save(uow: UnitOfWork, facts: ReferralFacts): void {
    const sent = Date.parse(facts.sentAt);
    const from = Number.isNaN(sent) ? Date.now() : sent;
    const { expiresAt: referralExpiresAt, ...rest } = facts;
    uow.put(table(), {
      ...referralFactsKey(facts.referralId),
      entity: 'ReferralFacts',
      ...rest,
      ...(referralExpiresAt ? { referralExpiresAt } : {}),
      // `expiresAt` is the table's TTL attribute (epoch seconds), hence the referral's own expiry under another name.
      expiresAt: Math.floor(from / 1000) + FACTS_RETENTION_SECONDS,
    });
  }
}
