import { DeleteCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ddb } from '../../../shared/dynamo/client';
import { OUTBOX_INDEX } from '../../../shared/events/outbox';
import { withFreshTable } from '../../../test/support/fresh-table';
import { OrganisationNotificationChannelsChanged } from '../events/directory.events';
import { directoryService } from '../service';
import { DynamoDirectoryRepository } from '../store/directory.repository';
import { DEMO_ORGANISATIONS, DEMO_SERVICES } from './lot-demo';
import { seedDemoDirectory } from './seed';

const table = withFreshTable(directoryService);

/** The channels events waiting in the directory's outbox (no relay runs here), by organisation. */
async function channelsAnnounced(): Promise<string[]> {
  const out = await ddb().send(
    new QueryCommand({
      TableName: table,
      IndexName: OUTBOX_INDEX,
      KeyConditionExpression: 'outboxPending = :p',
      ExpressionAttributeValues: { ':p': 'PENDING' },
    }),
  );
  return (out.Items ?? [])
    .filter((i) => i.detailType === OrganisationNotificationChannelsChanged.detailType)
    .map((i) => JSON.parse(String(i.detail)).data.organisationId as string)
    .sort();
}

describe('the demo directory and the notifications service’s projection (DynamoDB Local)', () => {
  const repository = new DynamoDirectoryRepository();
  const noHours = () => undefined;

  it('announces each demo organisation’s channels with its creation, and nothing more on later starts', async () => {
    const first = await seedDemoDirectory(repository, noHours);
    expect(first.created).toBeGreaterThan(DEMO_ORGANISATIONS.length);
    const all = DEMO_ORGANISATIONS.map((o) => o.id).sort();
    expect(await channelsAnnounced()).toEqual(all);

    expect(await seedDemoDirectory(repository, noHours)).toEqual({ created: 0 });
    expect(await channelsAnnounced()).toEqual(all);
  });

  it('loads the demo services in the data·inclusion model, once', async () => {
    const stored = await repository.allServices();
    expect(stored.map((s) => s.id).sort()).toEqual(DEMO_SERVICES.map((s) => s.id).sort());
    const caf = stored.find((s) => s.id === DEMO_SERVICES[5]!.id);
    expect(caf).toMatchObject({ type: 'information', fees: 'gratuit', phone: DEMO_SERVICES[5]!.phone, version: 1 });
  });

  it('announces once the channels of a demo organisation created before the notifications service', async () => {
    const [old] = DEMO_ORGANISATIONS;
    // A database from before: the organisation is there, its announcement marker is not.
    await ddb().send(new DeleteCommand({ TableName: table, Key: { pk: 'DEMO#CHANNELS_ANNOUNCED', sk: `ORG#${old!.id}` } }));
    const before = await channelsAnnounced();

    await seedDemoDirectory(repository, noHours);
    expect(await channelsAnnounced()).toEqual([...before, old!.id].sort());
    await seedDemoDirectory(repository, noHours);
    expect(await channelsAnnounced()).toEqual([...before, old!.id].sort());
  });
});
