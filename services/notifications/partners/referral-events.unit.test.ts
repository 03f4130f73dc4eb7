import { getsAnswerLink, recipientsOf } from './recipients';
import { factsOf, parseReferralEvent, type ReferralNotice, withFacts } from './referral-events';

const CAF = '01HZCAF0000000000000000000';
const CCAS = '01HZCCAS000000000000000000';
const meta = { eventId: '01HZEVENT00000000000000000', occurredAt: '2025-03-03T09:00:00.000Z' };

const sent = (data: Record<string, unknown> = {}) =>
  parseReferralEvent({
    ...meta,
    detailType: 'ReferralSent',
    data: {
      referralId: 'R1',
      fromOrganisationId: CCAS,
      toOrganisationId: CAF,
      themes: ['logement-hebergement'],
      urgency: 'urgent',
      sentAt: '2025-03-03T09:00:00.000Z',
      expiresAt: '2025-03-11T09:00:00.000Z',
      ...data,
    },
  }) as ReferralNotice;

const changed = (status: string) =>
  parseReferralEvent({
    ...meta,
    detailType: 'ReferralStatusChanged',
    data: {
      referralId: 'R1',
      fromOrganisationId: CCAS,
      toOrganisationId: CAF,
      status,
      previousStatus: 'sent',
      at: '2025-03-04T10:00:00.000Z',
      byOrganisationId: CAF,
    },
  }) as ReferralNotice;

const reminder = () =>
  parseReferralEvent({
    ...meta,
    detailType: 'ReferralReminderDue',
    data: { referralId: 'R1', fromOrganisationId: CCAS, toOrganisationId: CAF, expiresAt: '2025-03-11T09:00:00.000Z' },
  }) as ReferralNotice;

describe('parseReferralEvent', () => {
  it('reads a ReferralSent and drops the fields a notification does not need (the person id among them)', () => {
    const notice = sent({ personId: '01HZPERSON0000000000000000', liaisonNote: 'Mme X…', fromSiteId: 'S1', serviceId: 'SV1' });
    expect(notice).toEqual({
      kind: 'sent',
      status: 'sent',
      eventId: meta.eventId,
      occurredAt: meta.occurredAt,
      at: '2025-03-03T09:00:00.000Z',
      referralId: 'R1',
      fromOrganisationId: CCAS,
      toOrganisationId: CAF,
      themes: ['logement-hebergement'],
      urgency: 'urgent',
      sentAt: '2025-03-03T09:00:00.000Z',
      expiresAt: '2025-03-11T09:00:00.000Z',
    });
    expect(JSON.stringify(notice)).not.toMatch(/PERSON|Mme/);
  });

  it('reads an unknown urgency as normal and missing themes as none', () => {
    expect(sent({ urgency: 'tres-urgent', themes: undefined })).toMatchObject({ urgency: 'normal', themes: [] });
    expect(sent({ urgency: undefined }).urgency).toBe('normal');
  });

  it('reads a status change and a reminder', () => {
    expect(changed('accepted')).toMatchObject({
      kind: 'status_changed',
      status: 'accepted',
      previousStatus: 'sent',
      at: '2025-03-04T10:00:00.000Z',
    });
    expect(changed('accepted')).not.toHaveProperty('byOrganisationId');
    const byRelais = parseReferralEvent({
      ...meta,
      detailType: 'ReferralStatusChanged',
      data: {
        referralId: 'R1',
        fromOrganisationId: CCAS,
        toOrganisationId: CAF,
        status: 'expired',
        previousStatus: 'sent',
        at: meta.occurredAt,
        byOrganisationId: null,
      },
    });
    expect(byRelais).toMatchObject({ status: 'expired' });
    expect(reminder()).toMatchObject({ kind: 'reminder', status: 'sent', expiresAt: '2025-03-11T09:00:00.000Z', at: meta.occurredAt });
  });

  it('ignores event types it does not handle', () => {
    expect(parseReferralEvent({ ...meta, detailType: 'ReceptionRecorded', data: {} })).toBeUndefined();
  });

  it('refuses an event missing what a notification needs (it is retried, then dead-lettered)', () => {
    expect(() => sent({ toOrganisationId: undefined })).toThrow();
    expect(() => changed('')).toThrow();
    expect(() => parseReferralEvent({ ...meta, detailType: 'ReferralReminderDue', data: { referralId: 'R1' } })).toThrow();
  });

  it('keeps the facts of a sent referral and completes later notices with them', () => {
    const facts = factsOf(sent())!;
    expect(facts).toEqual({
      referralId: 'R1',
      fromOrganisationId: CCAS,
      toOrganisationId: CAF,
      themes: ['logement-hebergement'],
      urgency: 'urgent',
      sentAt: '2025-03-03T09:00:00.000Z',
      expiresAt: '2025-03-11T09:00:00.000Z',
    });
    expect(factsOf(changed('accepted'))).toBeUndefined();
    expect(withFacts(changed('accepted'), facts)).toMatchObject({
      themes: ['logement-hebergement'],
      urgency: 'urgent',
      sentAt: facts.sentAt,
    });
    expect(withFacts(changed('accepted'), { ...facts, referralId: 'R2' }).themes).toBeUndefined();
    expect(withFacts(changed('accepted'), undefined)).toEqual(changed('accepted'));
  });
});

describe('recipientsOf', () => {
  it('tells the receiving organisation when a referral is sent and when its answer is due', () => {
    expect(recipientsOf(sent())).toEqual([{ organisationId: CAF, audience: 'receiver' }]);
    expect(recipientsOf(reminder())).toEqual([{ organisationId: CAF, audience: 'receiver' }]);
  });

  it.each(['accepted', 'declined', 'closed', 'received'])('tells the sending organisation when it is %s', (status) => {
    expect(recipientsOf(changed(status))).toEqual([{ organisationId: CCAS, audience: 'sender' }]);
  });

  it('tells both when it expires', () => {
    expect(recipientsOf(changed('expired'))).toEqual([
      { organisationId: CCAS, audience: 'sender' },
      { organisationId: CAF, audience: 'receiver' },
    ]);
  });

  it('tells an organisation referring to itself once', () => {
    const self = { ...changed('expired'), toOrganisationId: CCAS };
    expect(recipientsOf(self)).toEqual([{ organisationId: CCAS, audience: 'sender' }]);
  });

  it('gives the answer link to the receiving organisation only, while it can answer', () => {
    expect(getsAnswerLink(sent(), 'receiver')).toBe(true);
    expect(getsAnswerLink(reminder(), 'receiver')).toBe(true);
    expect(getsAnswerLink(changed('expired'), 'receiver')).toBe(false);
    expect(getsAnswerLink(changed('accepted'), 'sender')).toBe(false);
    expect(getsAnswerLink(sent(), 'sender')).toBe(false);
  });
});
