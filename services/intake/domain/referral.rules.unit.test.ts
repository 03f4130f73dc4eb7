import { ConflictError } from '../../../shared/errors/errors';
import {
  type Referral,
  TRANSITIONS,
  applyAction,
  canMove,
  deadlineSteps,
  deadlines,
  expire,
  markReminded,
  nextDueAt,
} from './referral.rules';
import type { ReferralActor, ReferralStatus } from './referral.schema';

const SENT_AT = new Date('2026-03-02T09:00:00.000Z');
const DAY = 86_400_000;
const agent: ReferralActor = { userId: 'u1', name: 'Agent CAF', organisationId: 'CAF', organisationName: 'CAF du Lot', via: 'account' };

function referral(overrides: Partial<Referral> = {}): Referral {
  return {
    id: 'R1',
    status: 'sent',
    fromOrganisationId: 'CD46',
    toOrganisationId: 'CAF',
    themes: ['famille'],
    reason: 'r',
    urgency: 'normal',
    liaisonNote: 'n',
    sentAt: SENT_AT.toISOString(),
    ...deadlines(SENT_AT, 8),
    history: [{ status: 'sent', at: SENT_AT.toISOString(), by: { ...agent, organisationId: 'CD46' } }],
    version: 1,
    updatedAt: SENT_AT.toISOString(),
    ...overrides,
  };
}

describe('referral state machine', () => {
  it('allows exactly sent → in_review, sent | in_review → accepted | declined | expired | withdrawn, accepted → closed | expired', () => {
    const all: ReferralStatus[] = ['sent', 'in_review', 'accepted', 'declined', 'closed', 'expired', 'withdrawn'];
    const allowed = all.flatMap((from) => all.filter((to) => canMove(from, to)).map((to) => `${from}>${to}`));
    expect(allowed).toEqual([
      'sent>in_review',
      'sent>accepted',
      'sent>declined',
      'sent>expired',
      'sent>withdrawn',
      'in_review>accepted',
      'in_review>declined',
      'in_review>expired',
      'in_review>withdrawn',
      'accepted>closed',
      'accepted>expired',
    ]);
    expect(TRANSITIONS.closed).toEqual([]);
  });

  it('appends each step with who and when, and moves the version', () => {
    const at = new Date(SENT_AT.getTime() + DAY);
    const accepted = applyAction(referral(), 'accept', agent, at, { comment: 'ok', reason: undefined });
    expect(accepted).toMatchObject({ status: 'accepted', version: 2, updatedAt: at.toISOString() });
    expect(accepted.history[1]).toEqual({ status: 'accepted', at: at.toISOString(), by: agent, comment: 'ok' });
    const closed = applyAction(accepted, 'close', agent, at, { outcome: 'service_delivered' });
    expect(closed.history.map((h) => h.status)).toEqual(['sent', 'accepted', 'closed']);
    expect(closed.history[2]?.outcome).toBe('service_delivered');
  });

  it.each([
    ['sent', 'close'],
    ['accepted', 'accept'],
    ['accepted', 'decline'],
    ['declined', 'accept'],
    ['closed', 'close'],
    ['expired', 'accept'],
    ['in_review', 'review'],
    ['accepted', 'withdraw'],
    ['withdrawn', 'accept'],
    ['closed', 'withdraw'],
  ] as const)('refuses %s → %s with a 409', (status, action) => {
    expect(() => applyAction(referral({ status }), action, agent, SENT_AT)).toThrow(ConflictError);
  });
});

describe('referral deadlines', () => {
  it('expires after the delay and reminds at half of it', () => {
    expect(deadlines(SENT_AT, 8)).toEqual({ expiresAt: '2026-03-10T09:00:00.000Z', reminderAt: '2026-03-06T09:00:00.000Z' });
    expect(deadlines(SENT_AT, 3).reminderAt).toBe('2026-03-03T21:00:00.000Z');
  });

  it('is due at the reminder, then at the expiry, then never once answered', () => {
    const r = referral();
    expect(nextDueAt(r)).toBe(r.reminderAt);
    const reminded = markReminded(r, new Date(r.reminderAt));
    expect(nextDueAt(reminded)).toBe(r.expiresAt);
    const accepted = applyAction(r, 'accept', agent, SENT_AT);
    expect(nextDueAt(accepted)).toBe(accepted.reminderAt);
    expect(nextDueAt(applyAction(accepted, 'close', agent, SENT_AT, { outcome: 'other' }))).toBeUndefined();
    expect(nextDueAt(applyAction(r, 'withdraw', { ...agent, organisationId: 'CD46' }, SENT_AT, { reason: 'erreur' }))).toBeUndefined();
  });

  it('reminds on the configured day and expires after the delay; accepted, runs again from the acceptance', () => {
    const delays = { reminderDay: 10, expiryDays: 30, acceptedReminderDay: 50, acceptedExpiryDays: 60 };
    const r = referral(deadlines(SENT_AT, delays));
    expect(r).toMatchObject({ reminderAt: '2026-03-12T09:00:00.000Z', expiresAt: '2026-04-01T09:00:00.000Z' });
    const reviewed = applyAction(markReminded(r, new Date(SENT_AT.getTime() + 10 * DAY)), 'review', agent, SENT_AT);
    expect(reviewed.status).toBe('in_review');
    expect(deadlineSteps(reviewed, new Date(SENT_AT.getTime() + 30 * DAY))).toEqual({ remind: false, expire: true });
    const acceptedAt = new Date(SENT_AT.getTime() + 20 * DAY);
    const accepted = applyAction(reviewed, 'accept', agent, acceptedAt, {}, delays);
    expect(accepted).toMatchObject({ acceptedAt: acceptedAt.toISOString(), reminderAt: '2026-05-11T09:00:00.000Z' });
    expect(accepted.reminderSentAt).toBeUndefined();
    expect(deadlineSteps(accepted, new Date(SENT_AT.getTime() + 40 * DAY))).toEqual({ remind: false, expire: false });
    expect(deadlineSteps(accepted, new Date(SENT_AT.getTime() + 70 * DAY))).toEqual({ remind: true, expire: false });
    expect(deadlineSteps(accepted, new Date(SENT_AT.getTime() + 80 * DAY))).toEqual({ remind: true, expire: true });
  });

  it('says what to do at each moment', () => {
    const r = referral();
    expect(deadlineSteps(r, new Date(SENT_AT.getTime() + 3 * DAY))).toEqual({ remind: false, expire: false });
    expect(deadlineSteps(r, new Date(SENT_AT.getTime() + 4 * DAY))).toEqual({ remind: true, expire: false });
    const reminded = markReminded(r, new Date(SENT_AT.getTime() + 4 * DAY));
    expect(deadlineSteps(reminded, new Date(SENT_AT.getTime() + 5 * DAY))).toEqual({ remind: false, expire: false });
    expect(deadlineSteps(reminded, new Date(SENT_AT.getTime() + 8 * DAY))).toEqual({ remind: false, expire: true });
    // A missed reminder is sent before the expiry.
    expect(deadlineSteps(r, new Date(SENT_AT.getTime() + 9 * DAY))).toEqual({ remind: true, expire: true });
    expect(deadlineSteps(applyAction(r, 'decline', agent, SENT_AT, { reason: 'x' }), new Date(SENT_AT.getTime() + 9 * DAY))).toEqual({
      remind: false,
      expire: false,
    });
  });

  it('expires in the name of Relais, and never an ended referral', () => {
    const at = new Date(SENT_AT.getTime() + 9 * DAY);
    const expired = expire(referral(), at);
    expect(expired.status).toBe('expired');
    expect(expired.history[1]).toMatchObject({ status: 'expired', by: { via: 'system', userId: null, organisationId: null } });
    expect(() => expire(applyAction(referral(), 'decline', agent, SENT_AT, { reasonCode: 'autre' }), at)).toThrow(ConflictError);
  });
});
