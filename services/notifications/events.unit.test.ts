import { matchesPattern } from '../../infra/local/event-pattern';
import { SERVICES } from '..';
import { PersonNoticeRequested } from '../intake/events/intake.events';

describe('the events meant for the notifier alone', () => {
  it('PersonNoticeRequested, which carries the person’s address, reaches the notifications service only', () => {
    const event = PersonNoticeRequested.create({
      kind: 'person.consents.changed',
      channel: 'sms',
      address: '+33611223344',
      facts: { networkSharing: true, smsSurveys: false, at: '2026-03-02T09:00:00.000Z', byOrganisationName: null },
    });
    const consumers = SERVICES.flatMap((m) =>
      m.subscriptions
        .filter((sub) => matchesPattern(sub.pattern, { source: event.source, 'detail-type': event.detailType, detail: event.detail }))
        .map((sub) => `${m.name}.${sub.id}`),
    );
    expect(consumers).toEqual(['notifications.personNotices']);
  });
});
