import { SNSClient, SubscribeCommand, UnsubscribeCommand } from '@aws-sdk/client-sns';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { tableName } from '../../../shared/config/settings';
import { ddb } from '../../../shared/dynamo/client';
import { traceClient } from '../../../shared/observability/tracer';
import type { ChannelsStore } from '../store/channels.repository';
import { subscriptionsKey as key } from '../store/keys';

/** The channels of an organisation's entry that SNS delivers (webhooks are signed and sent by Relais itself). */
export type SubscribedProtocol = 'email' | 'sms';
export const SUBSCRIBED_PROTOCOLS: readonly SubscribedProtocol[] = ['email', 'sms'];

export interface TopicSubscription {
  endpoint: string;
  arn: string;
}
export type OrganisationSubscriptions = Partial<Record<SubscribedProtocol, TopicSubscription>>;

/** Subscribes an organisation's channels to the notifications topic (SNS on AWS). */
export interface SubscriptionGateway {
  subscribe(protocol: SubscribedProtocol, endpoint: string, organisationId: string): Promise<string>;
  unsubscribe(arn: string): Promise<void>;
}

/** What the notifier remembers of the subscriptions it made for an organisation (its own table). */
export interface SubscriptionStore {
  get(organisationId: string): Promise<OrganisationSubscriptions>;
  put(organisationId: string, subscriptions: OrganisationSubscriptions): Promise<void>;
}

/** The filter policy that gives a subscription its organisation's messages only. */
export const filterPolicyOf = (organisationId: string) => ({ organisationId: [organisationId] });

let client: SNSClient | undefined;
const sns = (): SNSClient => {
  client ??= traceClient(new SNSClient({}));
  return client;
};

export class SnsSubscriptionGateway implements SubscriptionGateway {
  constructor(
    private readonly topicArn: string,
    private readonly client: () => SNSClient = sns,
  ) {}

  async subscribe(protocol: SubscribedProtocol, endpoint: string, organisationId: string): Promise<string> {
    const out = await this.client().send(
      new SubscribeCommand({
        TopicArn: this.topicArn,
        Protocol: protocol,
        Endpoint: endpoint,
        // An e-mail subscription waits for its owner's confirmation; its ARN is known at once anyway,
        // so that a later change can remove it.
        ReturnSubscriptionArn: true,
        Attributes: { FilterPolicy: JSON.stringify(filterPolicyOf(organisationId)), FilterPolicyScope: 'MessageAttributes' },
      }),
    );
    if (!out.SubscriptionArn) throw new Error('SNS answered a subscription without its ARN');
    return out.SubscriptionArn;
  }

  async unsubscribe(arn: string): Promise<void> {
    try {
      await this.client().send(new UnsubscribeCommand({ SubscriptionArn: arn }));
    } catch (error) {
      // Already gone (the owner unsubscribed from the e-mail, or it was never confirmed and expired).
      if ((error as { name?: string }).name !== 'NotFoundException') throw error;
    }
  }
}

export class DynamoSubscriptionStore implements SubscriptionStore {
  async get(organisationId: string): Promise<OrganisationSubscriptions> {
    const out = await ddb().send(
      new GetCommand({ TableName: tableName('notifications', 'main'), Key: key(organisationId), ConsistentRead: true }),
    );
    return (out.Item?.subscriptions as OrganisationSubscriptions | undefined) ?? {};
  }

  async put(organisationId: string, subscriptions: OrganisationSubscriptions): Promise<void> {
    await ddb().send(
      new PutCommand({
        TableName: tableName('notifications', 'main'),
        Item: { ...key(organisationId), entity: 'SnsSubscriptions', subscriptions },
      }),
    );
  }
}

type Channels = { notification?: { email?: string; sms?: string } };

/**
 * The organisation's channels as the newest of the projection and the event being handled: the
 * projection is written by another subscription, which may not have seen this event yet, and a
 * redelivered older event must not bring back channels since replaced.
 */
export function newestChannels(
  projection: Pick<ChannelsStore, 'getOrganisation'>,
  event: { organisationId: string; version: number; channels: { email?: string; sms?: string } },
): SyncDeps['organisations'] {
  return {
    async getOrganisation(id: string): Promise<Channels | undefined> {
      const kept = await projection.getOrganisation(id);
      if (id !== event.organisationId || (kept && kept.version >= event.version)) return kept;
      return { notification: event.channels };
    },
  };
}

export interface SyncDeps {
  organisations: { getOrganisation(id: string): Promise<Channels | undefined> };
  gateway: SubscriptionGateway;
  store: SubscriptionStore;
}

/**
 * Keep the notifications topic's subscriptions in step with an organisation's entry.
 * Primary course: the coordinator or the partner sets the organisation's notification e-mail or
 * SMS number → `OrganisationNotificationChannelsChanged` → each new or changed channel is subscribed with a filter
 * policy on the organisation, a replaced or removed one is unsubscribed, and what was made is
 * remembered. Running it twice changes nothing; a failure part-way is finished by the retry.
 */
export function makeSyncPartnerSubscriptions(deps: SyncDeps) {
  return {
    async execute(organisationId: string): Promise<{ subscribed: SubscribedProtocol[]; unsubscribed: SubscribedProtocol[] }> {
      const organisation = await deps.organisations.getOrganisation(organisationId);
      const wanted: Partial<Record<SubscribedProtocol, string>> = organisation?.notification ?? {};
      const current = await deps.store.get(organisationId);
      const next: OrganisationSubscriptions = { ...current };
      const subscribed: SubscribedProtocol[] = [];
      const unsubscribed: SubscribedProtocol[] = [];
      for (const protocol of SUBSCRIBED_PROTOCOLS) {
        const endpoint = wanted[protocol];
        const existing = current[protocol];
        if (existing && existing.endpoint === endpoint) continue;
        if (existing) {
          await deps.gateway.unsubscribe(existing.arn);
          delete next[protocol];
          unsubscribed.push(protocol);
          await deps.store.put(organisationId, next);
        }
        if (endpoint) {
          next[protocol] = { endpoint, arn: await deps.gateway.subscribe(protocol, endpoint, organisationId) };
          subscribed.push(protocol);
          await deps.store.put(organisationId, next);
        }
      }
      return { subscribed, unsubscribed };
    },
  };
}
