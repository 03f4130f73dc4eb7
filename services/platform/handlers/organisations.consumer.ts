import { tableName } from '../../../shared/config/settings';
import { eventConsumer } from '../../../shared/events/consumer';
import { PLATFORM } from '../owner';
import { PersonReadsStore } from '../store/person-reads.store';
import { makeApplyOrganisationChanged } from '../use-cases/organisations.use-cases';

const apply = makeApplyOrganisationChanged(new PersonReadsStore());

/** The directory announced an organisation: keep its name for the person's list of reads. */
export const handler = eventConsumer({
  service: PLATFORM.service,
  subscription: 'organisationNames',
  table: () => tableName('platform', 'main'),
  async handle(event, { uow }) {
    await apply.execute(event, uow);
  },
});
