import { tableName } from '../../../shared/config/settings';
import { eventConsumer } from '../../../shared/events/consumer';
import { ReferralSent, ReferralStatusChanged } from '../events/intake.events';
import { INTAKE } from '../owner';
import { makePersonNotices } from '../use-cases/person-notices.use-cases';
import { personNoticeDeps } from './person-notices.deps';

const notices = makePersonNotices(personNoticeDeps);

/**
 * A referral was sent, declined or closed: the person is told (ADR 0033) — one notice per event,
 * its "already processed" marker in the same transaction as the notice or its waiting item, so a
 * redelivered event tells her nothing twice. The events carry ids and codes only: her address is
 * read here, from intake's own store.
 */
export const handler = eventConsumer({
  service: INTAKE.service,
  subscription: 'referralPersonNotices',
  table: () => tableName('intake', 'main'),
  async handle(event, { uow, trace }) {
    if (event.detailType === ReferralSent.detailType) {
      const { data } = ReferralSent.parse(event.detail);
      await notices.ask(uow, { referralId: data.referralId, kind: 'referral.sent' }, trace);
      return;
    }
    if (event.detailType !== ReferralStatusChanged.detailType) return;
    const { data } = ReferralStatusChanged.parse(event.detail);
    if (data.status === 'declined') {
      await notices.ask(
        uow,
        { referralId: data.referralId, kind: 'referral.declined', ...(data.reasonCode ? { reasonCode: data.reasonCode } : {}) },
        trace,
      );
    } else if (data.status === 'closed') {
      await notices.ask(
        uow,
        { referralId: data.referralId, kind: 'referral.closed', ...(data.outcome ? { outcome: data.outcome } : {}) },
        trace,
      );
    }
  },
});
