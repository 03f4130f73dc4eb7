import { definePersonData } from '../../../shared/person-data/contract';
import { DynamoIdentityLinkStore } from '../store/identity-link.store';
import { table } from '../store/intake.repository';
import { DynamoPersonNoticeStore } from '../store/person-notices.store';
import { makeIntakePersonData } from '../use-cases/person-data.use-cases';
import { intakeDeps } from './deps';

/** Intake's person data (ADR 0037): her record, agreements, receptions and referrals; her identity link in her export (ADR 0040). */
export const handler = definePersonData(
  'intake',
  makeIntakePersonData({
    repository: intakeDeps.repository,
    store: new DynamoPersonNoticeStore(),
    identityLinks: new DynamoIdentityLinkStore(table),
  }),
);
