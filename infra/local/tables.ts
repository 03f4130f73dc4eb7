import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  type DynamoDBClient,
  ResourceInUseException,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { OUTBOX_INDEX, OUTBOX_PENDING_ATTR, OUTBOX_SORT_ATTR } from '../../shared/events/outbox';
import { type ServiceManifest, type TableDecl, tableEnvName } from '../../shared/manifest/manifest';

export interface LocalTable {
  service: string;
  decl: TableDecl;
  name: string;
  envName: string;
  streamArn?: string;
}

/** The same table definitions as the CDK stacks: keys, indexes, TTL, stream for outboxes. */
export function createTableInput(name: string, decl: TableDecl): CreateTableCommandInput {
  const attributes = new Map<string, 'S' | 'N'>();
  const keySchema = (pk: { name: string; type: 'S' | 'N' }, sk?: { name: string; type: 'S' | 'N' }) => {
    attributes.set(pk.name, pk.type);
    if (sk) attributes.set(sk.name, sk.type);
    return [{ AttributeName: pk.name, KeyType: 'HASH' as const }, ...(sk ? [{ AttributeName: sk.name, KeyType: 'RANGE' as const }] : [])];
  };
  const indexes = [...(decl.indexes ?? [])];
  if (decl.outbox) {
    indexes.push({
      name: OUTBOX_INDEX,
      partitionKey: { name: OUTBOX_PENDING_ATTR, type: 'S' },
      sortKey: { name: OUTBOX_SORT_ATTR, type: 'S' },
    });
  }
  const KeySchema = keySchema(decl.partitionKey, decl.sortKey);
  const GlobalSecondaryIndexes = indexes.map((index) => ({
    IndexName: index.name,
    KeySchema: keySchema(index.partitionKey, index.sortKey),
    Projection: { ProjectionType: 'ALL' as const },
  }));
  return {
    TableName: name,
    BillingMode: 'PAY_PER_REQUEST',
    KeySchema,
    AttributeDefinitions: [...attributes].map(([AttributeName, AttributeType]) => ({ AttributeName, AttributeType })),
    ...(GlobalSecondaryIndexes.length ? { GlobalSecondaryIndexes } : {}),
    ...(decl.outbox ? { StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' } } : {}),
  };
}

export function localTables(services: readonly ServiceManifest[], prefix: string): LocalTable[] {
  return services.flatMap((service) =>
    service.tables.map((decl) => ({
      service: service.name,
      decl,
      name: `${prefix}-${service.name}-${decl.name}`,
      envName: tableEnvName(service.name, decl.name),
    })),
  );
}

/** Create the missing tables (an existing one is kept with its data) and find their streams. */
export async function ensureTables(client: DynamoDBClient, tables: LocalTable[]): Promise<void> {
  for (const table of tables) {
    try {
      await client.send(new CreateTableCommand(createTableInput(table.name, table.decl)));
      if (table.decl.ttlAttribute) {
        await client.send(
          new UpdateTimeToLiveCommand({
            TableName: table.name,
            TimeToLiveSpecification: { AttributeName: table.decl.ttlAttribute, Enabled: true },
          }),
        );
      }
    } catch (error) {
      if (!(error instanceof ResourceInUseException)) throw error;
    }
    const described = await client.send(new DescribeTableCommand({ TableName: table.name }));
    table.streamArn = described.Table?.LatestStreamArn;
  }
}
