import { randomBytes } from 'node:crypto';
import { CreateTableCommand, DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createTableInput } from '../../infra/local/tables';
import { resetSettings } from '../../shared/config/settings';
import { rawClientConfig, resetDdb } from '../../shared/dynamo/client';
import { type ServiceManifest, tableEnvName } from '../../shared/manifest/manifest';

/**
 * One fresh table of a service on the DynamoDB Local the jest setup started (a unique name), set
 * in the environment for the file's tests and deleted afterwards, the environment restored. Call
 * at the top of a file; returns the table's name (for the queries a test makes itself).
 */
export function withFreshTable(service: ServiceManifest, name = 'main'): string {
  const table = `t${randomBytes(4).toString('hex')}-${service.name}-${name}`;
  const envName = tableEnvName(service.name, name);
  const saved = { endpoint: process.env.RELAIS_DYNAMODB_ENDPOINT, table: process.env[envName] };

  beforeAll(async () => {
    const endpoint = process.env.RELAIS_TEST_DYNAMODB_ENDPOINT;
    if (!endpoint) throw new Error('RELAIS_TEST_DYNAMODB_ENDPOINT is not set: run the tests with jest (global setup)');
    const decl = service.tables.find((t) => t.name === name);
    if (!decl) throw new Error(`the ${service.name} manifest has no ${name} table`);
    process.env.RELAIS_DYNAMODB_ENDPOINT = endpoint;
    process.env[envName] = table;
    resetSettings();
    resetDdb();
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
      if (saved.endpoint === undefined) delete process.env.RELAIS_DYNAMODB_ENDPOINT;
      else process.env.RELAIS_DYNAMODB_ENDPOINT = saved.endpoint;
      if (saved.table === undefined) delete process.env[envName];
      else process.env[envName] = saved.table;
      resetSettings();
    }
  });

  return table;
}
