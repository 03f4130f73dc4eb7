import { UnitOfWork } from '../../../shared/dynamo/unit-of-work';
import { createLogger } from '../../../shared/observability/logger';
import { makeRollYear } from '../use-cases/indicators.use-cases';
import { indicatorsDeps } from './deps';

const logger = createLogger('indicators');

const roll = makeRollYear(indicatorsDeps, async (ops) => {
  const uow = new UnitOfWork();
  for (const op of ops) uow.add(indicatorsDeps.toTransactItem(indicatorsDeps.table(), op));
  await uow.commit();
});

/** Every night: the census of the year so far, and this year's persons of still-open parcours. */
export const handler = async (): Promise<void> => {
  await roll();
  logger.info('Indicateurs : photographie de l’année mise à jour');
};
