import { settings, tableName } from '../../../shared/config/settings';
import { eventConsumer } from '../../../shared/events/consumer';
import { createLogger } from '../../../shared/observability/logger';
import { countMetric } from '../../../shared/observability/metrics';
import { PersonConsentsChanged } from '../events/intake.events';
import { DevOutboxPersonChannel, type PersonNoticeChannel, SnsPersonChannel, consentsNoticeText } from '../notifications/person-notice';
import { intakeService } from '../service';
import { organisationName } from '../use-cases/context';
import { intakeDeps } from './deps';

const logger = createLogger('intake');
let channel: PersonNoticeChannel | undefined;

/**
 * Her consents changed: the person is told on her own contact (SMS first, else e-mail), so a
 * change she did not ask for does not go unseen (SECURITY.md). Nothing is sent to a person
 * without a contact, or erased since.
 */
export const handler = eventConsumer({
  service: intakeService.name,
  subscription: 'personNotices',
  table: () => tableName('intake', 'main'),
  async handle(event, { uow }) {
    if (event.detailType !== PersonConsentsChanged.detailType) return;
    const { metadata, data: detail } = PersonConsentsChanged.parse(event.detail);
    const person = await intakeDeps.repository.getPerson(detail.personId);
    const to = person?.phone
      ? { channel: 'sms' as const, to: person.phone }
      : person?.email
        ? { channel: 'email' as const, to: person.email }
        : undefined;
    if (!to) return;
    const byOrganisationName = detail.byOrganisationId ? await organisationName(intakeDeps.repository, detail.byOrganisationId) : null;
    channel ??= settings().RELAIS_MODE === 'aws' ? new SnsPersonChannel() : new DevOutboxPersonChannel();
    const outcome = await channel.send(uow, {
      eventId: metadata.eventId,
      kind: 'person.consents.changed',
      ...to,
      ...consentsNoticeText({ ...detail, byOrganisationName }),
    });
    if (outcome === 'sent' && to.channel === 'sms')
      uow.afterCommit(() => countMetric('intake', 'SmsSent', { name: 'kind', value: 'person-notice' }));
    if (outcome === 'unsupported')
      logger.warn('Person notice not sent: no channel for it', { channel: to.channel, kind: 'person.consents.changed' });
  },
});
