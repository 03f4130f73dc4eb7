import { randomBytes } from 'node:crypto';
import { CreateTableCommand, DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { matchesPattern } from '../../../infra/local/event-pattern';
import { createTableInput } from '../../../infra/local/tables';
import { SERVICES } from '../..';
import { resetSettings } from '../../../shared/config/settings';
import { rawClientConfig, resetDdb } from '../../../shared/dynamo/client';
import { UnitOfWork } from '../../../shared/dynamo/unit-of-work';
import type { ReceivedEvent } from '../../../shared/events/consumer';
import { tableEnvName } from '../../../shared/manifest/manifest';
import type { Organisation } from '../../directory/domain/directory.schema';
import { OrganisationChanged } from '../../directory/events/directory.events';
import { organisationEvents } from '../../directory/use-cases/organisations.use-cases';
import { notificationsService } from '../service';
import { DynamoChannelsStore } from '../store/channels.repository';
import { makeApplyChannels } from './channels-projection.use-case';

const table = `t${randomBytes(4).toString('hex')}-notifications-main`;
const envName = tableEnvName('notifications', 'main');
const saved = { endpoint: process.env.RELAIS_DYNAMODB_ENDPOINT, table: process.env[envName] };

beforeAll(async () => {
  const endpoint = process.env.RELAIS_TEST_DYNAMODB_ENDPOINT;
  if (!endpoint) throw new Error('RELAIS_TEST_DYNAMODB_ENDPOINT is not set: run the tests with jest (global setup)');
  process.env.RELAIS_DYNAMODB_ENDPOINT = endpoint;
  process.env[envName] = table;
  resetSettings();
  resetDdb();
  const decl = notificationsService.tables.find((t) => t.name === 'main')!;
  const raw = new DynamoDBClient(rawClientConfig());
  try {
    await raw.send(new CreateTableCommand(createTableInput(table, decl)));
  } finally {
    raw.destroy();
  }
});

afterAll(async () => {
  const raw = new DynamoDBClient(rawClientConfig());
  try {
    await raw.send(new DeleteTableCommand({ TableName: table }));
  } finally {
    raw.destroy();
    resetDdb();
    process.env.RELAIS_DYNAMODB_ENDPOINT = saved.endpoint;
    if (saved.table === undefined) delete process.env[envName];
    else process.env[envName] = saved.table;
    resetSettings();
  }
});

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
