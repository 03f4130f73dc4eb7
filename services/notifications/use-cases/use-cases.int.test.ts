import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { matchesPattern } from '../../../infra/local/event-pattern';
import type { Actor } from '../../../shared/auth/actor';
import { ddb } from '../../../shared/dynamo/client';
import { UnitOfWork } from '../../../shared/dynamo/unit-of-work';
import type { ReceivedEvent } from '../../../shared/events/consumer';
import { OUTBOX_INDEX } from '../../../shared/events/outbox';
import { withFreshTable } from '../../../test/support/fresh-table';
import { SERVICES } from '../..';
import type { Organisation } from '../../directory/domain/directory.schema';
import { OrganisationChanged } from '../../directory/events/directory.events';
import { organisationEvents } from '../../directory/use-cases/organisations.use-cases';
import { WebhookSecretRotated } from '../events/notifications.events';
import { newestChannels } from '../partners/partner-subscriptions';
import { notificationsService } from '../service';
import { DynamoChannelsStore } from '../store/channels.repository';
import { DynamoWebhookSecrets } from '../store/webhook-secrets.repository';
import { makeApplyChannels } from './channels-projection.use-case';
import { makeRotateWebhookSecret } from './webhook-secret.use-case';

const table = withFreshTable(notificationsService);

const organisation = (version: number, notification: Organisation['notification'], name = 'CAF du Lot'): Organisation => ({
  id: 'ORG-CHANNELS',
  name,
  type: 'caf',
  networkMember: true,
  notification,
  contacts: [],
  webhookSecretSet: false,
  version,
  createdAt: '2025-01-01T00:00:00.000Z',
  updatedAt: '2025-01-01T00:00:00.000Z',
});

/** The channels event the directory publishes with an organisation's change. */
function channelsEvent(org: Organisation): ReceivedEvent {
  const [changed, channels] = organisationEvents(org, org.version === 1 ? 'created' : 'updated', {}, new Date());
  expect(changed?.detailType).toBe(OrganisationChanged.detailType);
  return channels as unknown as ReceivedEvent;
}

describe('the organisations’ channels projection (DynamoDB Local)', () => {
  const store = new DynamoChannelsStore();
  const apply = makeApplyChannels({ channels: store });
  const run = async (event: ReceivedEvent) => {
    const uow = new UnitOfWork();
    const outcome = await apply.execute(event, uow);
    await uow.commit();
    return outcome;
  };

  it('keeps the name and channels of the newest version only; a redelivered or older event changes nothing', async () => {
    const v1 = channelsEvent(organisation(1, { email: 'orientations@caf.example.org', sms: '+33565000000' }));
    expect(await run(v1)).toBe('applied');
    expect(await store.getOrganisation('ORG-CHANNELS')).toEqual({
      id: 'ORG-CHANNELS',
      name: 'CAF du Lot',
      version: 1,
      notification: { email: 'orientations@caf.example.org', sms: '+33565000000' },
    });

    const v3 = channelsEvent(organisation(3, { webhookUrl: 'https://caf.example.org/relais' }, 'CAF du Lot (Cahors)'));
    expect(await run(v3)).toBe('applied');
    // Arriving late, or again: stale.
    expect(await run(channelsEvent(organisation(2, { email: 'ancienne@caf.example.org' })))).toBe('stale');
    expect(await run(v3)).toBe('stale');
    expect(await store.getOrganisation('ORG-CHANNELS')).toEqual({
      id: 'ORG-CHANNELS',
      name: 'CAF du Lot (Cahors)',
      version: 3,
      notification: { webhookUrl: 'https://caf.example.org/relais' },
    });
  });

  it('ignores other events, and knows no organisation it was not told of', async () => {
    const [changed] = organisationEvents(organisation(1, {}), 'created', {}, new Date());
    expect(await run(changed as unknown as ReceivedEvent)).toBe('ignored');
    expect(await store.getOrganisation('ORG-UNKNOWN')).toBeUndefined();
  });

  it('is the only consumer of the channels event, and OrganisationChanged does not carry the channels', () => {
    const org = organisation(1, { email: 'orientations@caf.example.org' });
    const [changed, channels] = organisationEvents(org, 'created', {}, new Date());
    expect(JSON.stringify(changed?.detail)).not.toContain('orientations@caf.example.org');
    const consumers = SERVICES.flatMap((m) =>
      m.subscriptions
        .filter((sub) =>
          matchesPattern(sub.pattern, { source: channels?.source, 'detail-type': channels?.detailType, detail: channels?.detail }),
        )
        .map((sub) => `${m.name}.${sub.id}`),
    );
    expect(consumers.every((c) => c.startsWith('notifications.'))).toBe(true);
    expect(consumers).toContain('notifications.channelsProjection');
  });
});

describe('the webhook secret (DynamoDB Local)', () => {
  const channels = new DynamoChannelsStore();
  const secrets = new DynamoWebhookSecrets();
  const now = new Date('2026-03-02T09:00:00.000Z');
  const rotate = makeRotateWebhookSecret({ channels, secrets, clock: { now: () => now } });
  const actor = (roles: Actor['roles'], organisationId: string | null): Actor => ({
    id: 'user-1',
    name: 'Camille',
    email: null,
    roles,
    organisationId,
    siteId: null,
  });
  const ORG = 'ORG-SECRET';

  beforeAll(async () => {
    const uow = new UnitOfWork();
    channels.saveChannels(uow, {
      id: ORG,
      name: 'CCAS de Cahors',
      version: 1,
      notification: { webhookUrl: 'https://ccas.example.org/relais' },
    });
    await uow.commit();
  });

  const run = async (id: string, who: Actor) => {
    const uow = new UnitOfWork();
    const answer = await rotate.execute(id, who, { uow, correlationId: 'CORRELATION-SECRET' });
    await uow.commit();
    return answer;
  };

  it('is made for the organisation’s own partner, kept for the notifier, and announced without the secret', async () => {
    const { secret, createdAt } = await run(ORG, actor(['partenaire'], ORG));
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(createdAt).toBe(now.toISOString());
    expect(await secrets.getWebhookSecret(ORG)).toBe(secret);

    const outbox = await ddb().send(
      new QueryCommand({
        TableName: table,
        IndexName: OUTBOX_INDEX,
        KeyConditionExpression: 'outboxPending = :p',
        ExpressionAttributeValues: { ':p': 'PENDING' },
      }),
    );
    const announced = (outbox.Items ?? []).filter((i) => JSON.stringify(i).includes(WebhookSecretRotated.detailType));
    expect(announced).toHaveLength(1);
    expect(JSON.stringify(announced[0])).toContain(ORG);
    expect(JSON.stringify(announced[0])).toContain('CORRELATION-SECRET');
    expect(JSON.stringify(outbox.Items)).not.toContain(secret);

    // A new one replaces it; the coordination may rotate any organisation's.
    const next = await run(ORG, actor(['pilote'], null));
    expect(next.secret).not.toBe(secret);
    expect(await secrets.getWebhookSecret(ORG)).toBe(next.secret);
  });

  it('refuses another organisation’s partner (403) and an organisation the notifier was never told of (404), storing nothing', async () => {
    await expect(run(ORG, actor(['partenaire'], 'ORG-OTHER'))).rejects.toMatchObject({
      status: 403,
      code: 'notifications.organisation.secret-forbidden',
    });
    await expect(run('ORG-NEVER-ANNOUNCED', actor(['pilote'], null))).rejects.toMatchObject({
      status: 404,
      code: 'notifications.organisation.not-found',
    });
    expect(await secrets.getWebhookSecret('ORG-NEVER-ANNOUNCED')).toBeUndefined();
  });
});

describe('the channels the subscriptions follow (DynamoDB Local)', () => {
  const store = new DynamoChannelsStore();
  const ORG = 'ORG-SUBSCRIBED';

  beforeAll(async () => {
    const uow = new UnitOfWork();
    store.saveChannels(uow, { id: ORG, name: 'Mission locale', version: 4, notification: { email: 'nouvelle@ml.example.org' } });
    await uow.commit();
  });

  it('are the event’s when the projection has not seen it yet, the projection’s when the event is older or the same', async () => {
    const newer = newestChannels(store, { organisationId: ORG, version: 5, channels: { sms: '+33565000001' } });
    expect(await newer.getOrganisation(ORG)).toEqual({ notification: { sms: '+33565000001' } });
    const older = newestChannels(store, { organisationId: ORG, version: 3, channels: { email: 'ancienne@ml.example.org' } });
    expect((await older.getOrganisation(ORG))?.notification).toEqual({ email: 'nouvelle@ml.example.org' });
    const same = newestChannels(store, { organisationId: ORG, version: 4, channels: { email: 'nouvelle@ml.example.org' } });
    expect((await same.getOrganisation(ORG))?.notification).toEqual({ email: 'nouvelle@ml.example.org' });
    const unknown = newestChannels(store, { organisationId: 'ORG-FIRST', version: 1, channels: { email: 'premiere@ml.example.org' } });
    expect(await unknown.getOrganisation('ORG-FIRST')).toEqual({ notification: { email: 'premiere@ml.example.org' } });
  });
});
