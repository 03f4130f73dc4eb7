import { overdueNotice, reminderNotice } from './overdue-reminder';

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
    expect(reminderNotice(overdueNotice(outside, 'http://localhost:3000'))).toMatchObject({
      to: 'CAF',
      attributes: { organisationId: 'CAF', kind: 'parcours.action.overdue' },
    });
  });

  it('is a topic message routed by organisation and user, shown in the local outbox as for a member', () => {
    const notice = reminderNotice(overdueNotice(facts, 'https://relais.lot.fr/'));
    expect(notice).toMatchObject({
      eventId: 'E1',
      via: 'topic',
      to: 'U1',
      attributes: { organisationId: 'CAF', kind: 'parcours.action.overdue', userId: 'U1' },
      payload: { kind: 'parcours.action.overdue', audience: 'member', parcoursId: 'P1', dueDate: '2026-11-20' },
    });
  });
});
