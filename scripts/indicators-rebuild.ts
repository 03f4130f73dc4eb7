/**
 * `npm run indicators:rebuild`: recompute every aggregate of the indicators from the journal of
 * the facts their consumers received (services/indicators/store/rebuild.ts, ADR 0013). Run it
 * while no event is being consumed.
 *
 * - AWS: RELAIS_TABLE_INDICATORS_MAIN names the deployed table (usual AWS credentials); pause
 *   the `facts` subscription's queue trigger first.
 * - Local, stack stopped (that pauses the consumers): the script starts DynamoDB Local on the
 *   stack's data (RELAIS_DATA_DIR, default `.relais`) itself, table `relais-local-indicators-main`.
 * - Local, against a DynamoDB Local already running: RELAIS_DYNAMODB_ENDPOINT.
 */
import { join, resolve } from 'node:path';
import { type DynamoDbLocal, startDynamoDbLocal } from '../infra/local/dynamodb-local';
import { rebuildAggregates } from '../services/indicators/store/rebuild';
import { resetDdb } from '../shared/dynamo/client';
import { tableEnvName } from '../shared/manifest/manifest';
import { communePopulation } from '../shared/reference/commune-populations';

async function main(): Promise<void> {
  const deployed = process.env[tableEnvName('indicators', 'main')];
  let dynamo: DynamoDbLocal | undefined;
  if (!deployed && !process.env.RELAIS_DYNAMODB_ENDPOINT) {
    const dataDir = resolve(process.env.RELAIS_DATA_DIR ?? '.relais');
    dynamo = await startDynamoDbLocal({ dbPath: join(dataDir, 'dynamodb') });
    process.env.RELAIS_DYNAMODB_ENDPOINT = dynamo.endpoint;
    resetDdb();
  }
  try {
    const table = deployed ?? 'relais-local-indicators-main';
    const started = Date.now();
    const report = await rebuildAggregates({ table, populations: communePopulation });
    console.log(
      `Indicateurs recalculés depuis ${report.facts} faits : ${report.written} éléments écrits, ${report.deleted} supprimés (${Math.round((Date.now() - started) / 100) / 10} s).`,
    );
  } finally {
    await dynamo?.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
