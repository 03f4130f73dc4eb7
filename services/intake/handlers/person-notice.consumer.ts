import { tableName } from '../../../shared/config/settings';
import { eventConsumer } from '../../../shared/events/consumer';
import { PersonConsentsChanged, PersonNoticeRequested } from '../events/intake.events';
import { INTAKE } from '../owner';
import { intakeDeps } from './deps';

/**
 * Her consents changed: ask the notifications service to tell the person on her own contact
 * (SMS first, else e-mail), so a change she did not ask for does not go unseen (SECURITY.md).
 * `PersonNoticeRequested` carries her address, and is published only when she has one: nothing
 * is asked for a person without a contact, or erased since (ADR 0020).
 */
export const handler = eventConsumer({
  service: INTAKE.service,
  subscription: 'personNotices',
  table: () => tableName('intake', 'main'),
  async handle(event, { uow, trace }) {
    if (event.detailType !== PersonConsentsChanged.detailType) return;
    const { data: detail } = PersonConsentsChanged.parse(event.detail);
    const person = await intakeDeps.repository.getPerson(detail.personId);
    const to = person?.phone
      ? { channel: 'sms' as const, address: person.phone }
      : person?.email
        ? { channel: 'email' as const, address: person.email }
        : undefined;
    if (!to) return;
    const by = detail.byOrganisationId ? await intakeDeps.repository.getOrganisation(detail.byOrganisationId) : undefined;
    const byOrganisationName = detail.byOrganisationId ? (by?.name ?? detail.byOrganisationId) : null;
    const { networkSharing, smsSurveys, at } = detail;
    intakeDeps.repository.publish(
      uow,
      PersonNoticeRequested.create(
        {
          kind: 'person.consents.changed',
          ...to,
          facts: {
            networkSharing,
            smsSurveys,
            at,
            byOrganisationName,
            ...(by?.name && by.article !== undefined ? { byOrganisationArticle: by.article } : {}),
          },
        },
        trace,
      ),
    );
  },
});
