import { randomBytes } from 'node:crypto';
import { DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { ensureTables, localTables } from '../../infra/local/tables';
import { resetSettings } from '../config/settings';
import { ddb, rawClientConfig, resetDdb } from '../dynamo/client';
import type { UnitOfWork } from '../dynamo/unit-of-work';
import { DynamoUnitOfWork } from '../dynamo/unit-of-work';
import { type ServiceManifest, tableEnvName } from '../manifest/manifest';
import { MemoryDatabase } from './memory-database';
import { MemoryUnitOfWork } from './memory-unit-of-work';

/**
 * Where a test's writes go: the in-memory twin or DynamoDB Local. A contract suite receives one
 * of these and must pass with both (ADR 0023).
 */
export interface Backend {
  readonly kind: 'memory' | 'dynamodb';
  newUnitOfWork(): UnitOfWork;
  /** A strongly consistent read of one item (what a test checks after a commit). */
  get(table: string, key: { pk: string; sk: string }): Promise<Record<string, unknown> | undefined>;
  /** The twin's database (memory backend only). */
  readonly database?: MemoryDatabase;
}

/** Table names for the in-memory twin (a unit test's environment names every table it touches). */
export function withMemoryTables(...services: ServiceManifest[]): void {
  for (const service of services) {
    for (const table of service.tables) process.env[tableEnvName(service.name, table.name)] ??= `memory-${service.name}-${table.name}`;
  }
  resetSettings();
}

export function memoryBackend(database = new MemoryDatabase()): Backend {
  return {
    kind: 'memory',
    database,
    newUnitOfWork: () => new MemoryUnitOfWork(database),
    get: async (table, key) => database.get(table, key),
  };
}

export const dynamoBackend: Backend = {
  kind: 'dynamodb',
  newUnitOfWork: () => new DynamoUnitOfWork(),
  get: async (table, key) => (await ddb().send(new GetCommand({ TableName: table, Key: key, ConsistentRead: true }))).Item,
};

/**
 * Fresh tables of these services on the DynamoDB Local the jest setup started (unique prefix),
 * named in the environment for the file's tests, deleted afterwards. Call at the top of a file.
 */
export function withDynamoLocalTables(...services: ServiceManifest[]): void {
  const prefix = `t${randomBytes(4).toString('hex')}`;
  const tables = localTables(services, prefix).filter((t) => !t.decl.localOnly);
  const saved = new Map<string, string | undefined>();
  const savedEndpoint = process.env.RELAIS_DYNAMODB_ENDPOINT;
  beforeAll(async () => {
    const endpoint = process.env.RELAIS_TEST_DYNAMODB_ENDPOINT;
    if (!endpoint) throw new Error('RELAIS_TEST_DYNAMODB_ENDPOINT is not set: run the tests with jest (global setup)');
    process.env.RELAIS_DYNAMODB_ENDPOINT = endpoint;
    for (const table of tables) {
      saved.set(table.envName, process.env[table.envName]);
      process.env[table.envName] = table.name;
    }
    resetSettings();
    resetDdb();
    const raw = new DynamoDBClient(rawClientConfig());
    try {
      await ensureTables(raw, tables);
    } finally {
      raw.destroy();
    }
  });
  afterAll(async () => {
    const raw = new DynamoDBClient(rawClientConfig());
    try {
      for (const table of tables) await raw.send(new DeleteTableCommand({ TableName: table.name }));
    } finally {
      raw.destroy();
      resetDdb();
      process.env.RELAIS_DYNAMODB_ENDPOINT = savedEndpoint;
      for (const [name, value] of saved) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
      resetSettings();
    }
  });
}
