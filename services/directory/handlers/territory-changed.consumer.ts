import { tableName } from '../../../shared/config/settings';
import { eventConsumer } from '../../../shared/events/consumer';
import { TerritoryChanged } from '../../parcours/events/parcours.events';
import { DIRECTORY } from '../owner';
import { makeNoteTerritory } from '../use-cases/campaigns.use-cases';
import { directoryDeps } from './deps';

const note = makeNoteTerritory(directoryDeps);

/** A territory was created or changed (parcours): keep its name and communes for the review campaigns. */
export const handler = eventConsumer({
  service: DIRECTORY.service,
  subscription: 'territoryChanged',
  table: () => tableName('directory', 'main'),
  async handle(event, { uow }) {
    const { territoryId, name, communeCodes, version } = TerritoryChanged.parse(event.detail).data;
    await note.execute({ id: territoryId, name, communeCodes, version }, uow);
  },
});
