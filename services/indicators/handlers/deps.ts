import { settings } from '../../../shared/config/settings';
import { UnitOfWork } from '../../../shared/dynamo/unit-of-work';
import { communeName, communePopulation, departementPopulation } from '../../../shared/reference/commune-populations';
import { DynamoReader, indicatorsTable, toTransactItem } from '../store/aggregate-store';
import type { IndicatorsDeps } from '../use-cases/indicators.use-cases';

let reader: DynamoReader | undefined;

/** Production wiring, built at first use (the table name comes from the environment). */
export const indicatorsDeps: IndicatorsDeps = {
  get reader() {
    reader ??= new DynamoReader();
    return reader;
  },
  table: indicatorsTable,
  toTransactItem,
  async commit(items) {
    const uow = new UnitOfWork();
    for (const item of items) uow.add(item);
    await uow.commit();
  },
  populations: communePopulation,
  departementPopulation: () => departementPopulation(settings().RELAIS_DEPARTEMENT),
  communeName,
  now: () => new Date(),
};
