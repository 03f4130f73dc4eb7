import { overdueNotice, reminderSettings } from './overdue-reminder';

describe('the overdue-action reminder', () => {
  const facts = {
    eventId: 'E1',
    parcoursId: 'P1',
    actionId: 'A1',
    dueDate: '2026-11-20',
    ownerMemberId: 'M1',
    ownerUserId: 'U1',
    ownerOrganisationId: 'CAF',
  };

  it('says the due date in French and links to the parcours, addressed to the owner', () => {
    const notice = overdueNotice(facts, 'https://relais.lot.fr/');
    expect(notice.text).toContain('20/11/2026');
    expect(notice.link).toBe('https://relais.lot.fr/#/parcours/P1');
    expect(notice.text).toContain(notice.link);
    expect(notice.to).toEqual({ userId: 'U1', organisationId: 'CAF', memberId: 'M1' });
  });

  it('goes to the organisation when the owner has no account', () => {
    const { ownerUserId: _u, ...outside } = facts;
    expect(overdueNotice(outside, 'http://localhost:3000').to).toEqual({ organisationId: 'CAF', memberId: 'M1' });
  });

  it('needs the notifications topic on AWS, and uses the local outbox otherwise', () => {
    expect(() => reminderSettings({ RELAIS_MODE: 'aws' })).toThrow(/RELAIS_NOTIFICATIONS_TOPIC_ARN/);
    expect(reminderSettings({ RELAIS_MODE: 'local' }).channel.constructor.name).toBe('DevOutboxReminderChannel');
    expect(
      reminderSettings({ RELAIS_MODE: 'aws', RELAIS_NOTIFICATIONS_TOPIC_ARN: 'arn:aws:sns:eu-west-3:1:t', RELAIS_APP_URL: 'https://x.fr' })
        .channel.constructor.name,
    ).toBe('SnsReminderChannel');
  });
});
