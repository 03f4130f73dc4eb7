import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { tableName } from '../../../shared/config/settings';
import { ddb } from '../../../shared/dynamo/client';
import { eventConsumer } from '../../../shared/events/consumer';
import { OrganisationChanged, SiteChanged } from '../../directory/events/directory.events';
import { censusWrites, projectionKey } from '../domain/census';

const table = () => tableName('indicators', 'main');

async function storedVersion(kind: 'site' | 'organisation', id: string): Promise<number | undefined> {
  const out = await ddb().send(new GetCommand({ TableName: table(), Key: projectionKey(kind, id), ConsistentRead: true }));
  return out.Item?.version as number | undefined;
}

/** Keeps the directory census (reception points, network organisations) from its events. */
export const handler = eventConsumer({
  service: 'indicators',
  subscription: 'directoryCensus',
  table,
  async handle(event, { uow }) {
    if (event.detailType === SiteChanged.detailType) {
      const { data } = SiteChanged.parse(event.detail);
      const facts = { unconditional: data.unconditionalReception };
      const stored = await storedVersion('site', data.siteId);
      for (const write of censusWrites('site', data.siteId, data.change, data.version, facts, stored)) {
        uow.add({ Update: { TableName: table(), ...write } });
      }
    } else if (event.detailType === OrganisationChanged.detailType) {
      const { data } = OrganisationChanged.parse(event.detail);
      const facts = { type: data.type, networkMember: data.networkMember };
      const stored = await storedVersion('organisation', data.organisationId);
      for (const write of censusWrites('organisation', data.organisationId, data.change, data.version, facts, stored)) {
        uow.add({ Update: { TableName: table(), ...write } });
      }
    }
  },
});
