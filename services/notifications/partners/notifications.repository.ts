import type { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { tableName } from '../../../shared/config/settings';
import { ddb } from '../../../shared/dynamo/client';
import { UnitOfWork } from '../../../shared/dynamo/unit-of-work';
import { publishInTransaction } from '../../../shared/events/outbox';
import { PartnerDeliveryReported } from '../events/notifications.events';
import { traceIds } from '../../../shared/observability/trace-context';
import { deliveryPk, referralFactsKey } from '../store/keys';
import type {
  ClaimResult,
  DeliveryLog,
  DeliveryReport,
  DeliveryReporter,
  InDoubtPolicy,
  ReferralFactsStore,
  TransactionalWrite,
} from './notifications.ports';
import type { ReferralFacts } from './referral-events';

const table = () => tableName('notifications', 'main');

/** Delivery records outlive any redelivery (SQS keeps a message 14 days at most), like the consumer's markers. */
const DELIVERY_RETENTION_SECONDS = 30 * 24 * 3600;
/** A referral's facts serve its later messages; a year covers an accompaniment until it is closed. */
const FACTS_RETENTION_SECONDS = 400 * 24 * 3600;

const isConditionFailure = (error: unknown) => (error as Error).name === 'ConditionalCheckFailedException';

/**
 * One item per delivery: `state = sending` with a lease while a run makes it, `sent` once made,
 * `in-doubt` when a run died while making it and the channel does not send twice. A claim is a
 * conditional put: it succeeds when nobody holds the delivery, or (policy `resend`) when the
 * holder's lease has run out (that run died). A channel that is a write (`sendOnce`) has no
 * claim: its write and its `sent` record are one transaction.
 */
export class DynamoDeliveryLog implements DeliveryLog {
  async claim(eventId: string, key: string, now: Date, leaseMs: number, inDoubt: InDoubtPolicy = 'resend'): Promise<ClaimResult> {
    const Key = { pk: deliveryPk(eventId), sk: key };
    const takeOver = inDoubt === 'resend';
    try {
      await ddb().send(
        new PutCommand({
          TableName: table(),
          Item: {
            ...Key,
            entity: 'NotificationDelivery',
            ...traceIds(),
            state: 'sending',
            leaseUntil: now.getTime() + leaseMs,
            expiresAt: Math.floor(now.getTime() / 1000) + DELIVERY_RETENTION_SECONDS,
          },
          ConditionExpression: takeOver
            ? 'attribute_not_exists(pk) OR (#state = :sending AND leaseUntil < :now)'
            : 'attribute_not_exists(pk)',
          ...(takeOver
            ? {
                ExpressionAttributeNames: { '#state': 'state' },
                ExpressionAttributeValues: { ':sending': 'sending', ':now': now.getTime() },
              }
            : {}),
        }),
      );
      return 'claimed';
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
    const out = await ddb().send(new GetCommand({ TableName: table(), Key, ConsistentRead: true }));
    const item = out.Item;
    if (item?.state === 'sent') return 'done';
    if (item?.state === 'in-doubt') return 'in-doubt';
    if (item?.state === 'sending' && !takeOver && Number(item.leaseUntil) < now.getTime()) {
      // The run that claimed it died, maybe after sending: record it in doubt, never resend it.
      try {
        await ddb().send(
          new UpdateCommand({
            TableName: table(),
            Key,
            UpdateExpression: 'SET #state = :doubt, inDoubtSince = :at REMOVE leaseUntil',
            ConditionExpression: '#state = :sending AND leaseUntil = :lease',
            ExpressionAttributeNames: { '#state': 'state' },
            ExpressionAttributeValues: { ':doubt': 'in-doubt', ':sending': 'sending', ':lease': item.leaseUntil, ':at': now.toISOString() },
          }),
        );
        return 'in-doubt';
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
    }
    // Held by a live run, or changed under us (released, completed): the caller looks again.
    return 'busy';
  }

  async sendOnce(eventId: string, key: string, at: Date, write: TransactionalWrite): Promise<'sent' | 'done'> {
    try {
      await ddb().send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: table(),
                Item: {
                  pk: deliveryPk(eventId),
                  sk: key,
                  entity: 'NotificationDelivery',
                  ...traceIds(),
                  state: 'sent',
                  deliveredAt: at.toISOString(),
                  expiresAt: Math.floor(at.getTime() / 1000) + DELIVERY_RETENTION_SECONDS,
                },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            { Put: { TableName: write.table, Item: write.item } },
          ],
        }),
      );
      return 'sent';
    } catch (error) {
      const reasons = (error as TransactionCanceledException).CancellationReasons;
      if ((error as Error).name === 'TransactionCanceledException' && reasons?.[0]?.Code === 'ConditionalCheckFailed') return 'done';
      throw error;
    }
  }

  async complete(eventId: string, key: string, at: Date): Promise<void> {
    await ddb().send(
      new PutCommand({
        TableName: table(),
        Item: {
          pk: deliveryPk(eventId),
          sk: key,
          entity: 'NotificationDelivery',
          ...traceIds(),
          state: 'sent',
          deliveredAt: at.toISOString(),
          expiresAt: Math.floor(at.getTime() / 1000) + DELIVERY_RETENTION_SECONDS,
        },
      }),
    );
  }

  async release(eventId: string, key: string): Promise<void> {
    try {
      await ddb().send(
        new DeleteCommand({
          TableName: table(),
          Key: { pk: deliveryPk(eventId), sk: key },
          ConditionExpression: '#state = :sending',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':sending': 'sending' },
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
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

/**
 * Announces delivery results through the notifications service's outbox, in a transaction of its
 * own (ADR 0034): the run that made the deliveries may be failing, and its unit of work with it.
 */
export class DynamoDeliveryReporter implements DeliveryReporter {
  async report(reports: DeliveryReport[]): Promise<void> {
    const uow = new UnitOfWork();
    for (const data of reports) publishInTransaction(uow, table(), PartnerDeliveryReported.create(data));
    await uow.commit();
  }
}
