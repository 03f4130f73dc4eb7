/**
 * `npm run indicators:rebuild`: recompute every aggregate of the indicators from the journal of
 * the facts their consumers received (services/indicators/store/rebuild.ts, ADR 0013).
 *
 * The table comes from RELAIS_TABLE_INDICATORS_MAIN (AWS: the deployed table's name, with the
 * usual AWS credentials); locally, point RELAIS_DYNAMODB_ENDPOINT at the stack's DynamoDB Local
 * (default table `relais-local-indicators-main`).
 */
import { communePopulation } from '../shared/reference/commune-populations';
import { tableEnvName } from '../shared/manifest/manifest';
import { rebuildAggregates } from '../services/indicators/store/rebuild';

async function main(): Promise<void> {
  const table = process.env[tableEnvName('indicators', 'main')] ?? 'relais-local-indicators-main';
  const started = Date.now();
  const report = await rebuildAggregates({ table, populations: communePopulation });
  console.log(
    `Indicateurs recalculés depuis ${report.facts} faits : ${report.written} éléments écrits, ${report.deleted} supprimés (${Math.round((Date.now() - started) / 100) / 10} s).`,
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
