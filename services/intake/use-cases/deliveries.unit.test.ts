/**
 * Delivery results back to the referral, and the coordinator's « orientations en souffrance »
 * (ADR 0034), on the in-memory twins. The same flow runs on DynamoDB Local in
 * test/integration/delivery-results.int.test.ts.
 */
import type { Actor } from '../../../shared/auth/actor';
import { memoryIntake } from '../../../shared/testing/intake.memory';
import { PartnerDeliveryReported } from '../../notifications/events/notifications.events';
import { applyDeliveryResult, type DeliveryResult, failedChannels } from '../domain/deliveries';
import type { ReferralDelivery } from '../domain/referral.schema';
import { makeApplyDeliveryResult, makeReferralsAtRisk } from './deliveries.use-cases';
import { makeAnswerReferral, makeSendReferral } from './referrals.use-cases';

const T0 = '2026-03-02T09:00:00.000Z';
const result = (fields: Partial<DeliveryResult>): DeliveryResult => ({
  channel: 'webhook',
  requestedAt: T0,
  status: 'delivered',
  at: '2026-03-02T09:00:05.000Z',
  attempt: 1,
  maxAttempts: 5,
  ...fields,
});
const pending = (channel: ReferralDelivery['channel'], at = T0): ReferralDelivery => ({ channel, status: 'pending', at });

describe('a delivery result applied to the referral', () => {
  it('moves the pending delivery of the same channel and request forward', () => {
    const next = applyDeliveryResult([pending('email'), pending('webhook')], result({ status: 'retried', attempt: 2 }));
    expect(next).toEqual([
      pending('email'),
      { channel: 'webhook', status: 'retried', at: '2026-03-02T09:00:05.000Z', requestedAt: T0, attempt: 2, maxAttempts: 5 },
    ]);
  });

  it('keeps the furthest state: a late « retried » never overwrites « delivered », a copy changes nothing', () => {
    const delivered = applyDeliveryResult([pending('webhook')], result({ status: 'delivered' }))!;
    expect(applyDeliveryResult(delivered, result({ status: 'retried', attempt: 3 }))).toBeUndefined();
    expect(applyDeliveryResult(delivered, result({ status: 'failed', reasonCode: 'refused' }))).toBeUndefined();
    expect(applyDeliveryResult(delivered, result({ status: 'delivered' }))).toBeUndefined();
    const retried3 = applyDeliveryResult([pending('webhook')], result({ status: 'retried', attempt: 3 }))!;
    expect(applyDeliveryResult(retried3, result({ status: 'retried', attempt: 2 }))).toBeUndefined();
    const failed = applyDeliveryResult(retried3, result({ status: 'failed', attempt: 5, reasonCode: 'refused' }))!;
    expect(failed[0]).toMatchObject({ status: 'failed', reason: 'refused', attempt: 5, maxAttempts: 5 });
    expect(applyDeliveryResult(failed, result({ status: 'retried', attempt: 4 }))).toBeUndefined();
  });

  it('answers the request it names: a re-sent link’s delivery is not the first one', () => {
    const later = '2026-03-05T10:00:00.000Z';
    const next = applyDeliveryResult([pending('webhook'), pending('webhook', later)], result({ requestedAt: later }))!;
    expect(next.map((d) => d.status)).toEqual(['pending', 'delivered']);
  });

  it('lists a channel as failed until a later request on it is delivered', () => {
    const later = '2026-03-05T10:00:00.000Z';
    const failed = applyDeliveryResult([pending('webhook')], result({ status: 'failed', reasonCode: 'timeout' }))!;
    expect(failedChannels(failed)).toEqual(['webhook']);
    const resent = [...failed, pending('webhook', later)];
    expect(failedChannels(resent)).toEqual([]);
  });
});

async function world() {
  const m = memoryIntake({ now: new Date(T0), referralExpiryDays: 30 });
  const ccas = await m.organisation({ name: 'CCAS de Cahors' });
  const caf = await m.organisation({ name: 'CAF du Lot', type: 'caf' });
  const cpam = await m.organisation({ name: 'CPAM du Lot', type: 'cpam' });
  const site = await m.site(ccas.organisationId);
  const agent: Actor = {
    id: 'U-ccas',
    name: 'Agent',
    email: null,
    roles: ['accueil'],
    organisationId: ccas.organisationId,
    siteId: site.siteId,
  };
  const send = async (toOrganisationId: string, offlineChannel?: 'phone') => {
    const uow = m.newUnitOfWork();
    const view = await makeSendReferral(m.deps).execute(
      {
        toOrganisationId,
        themes: ['famille'],
        reason: 'Droits',
        urgency: 'normal',
        liaisonNote: 'Note',
        ...(offlineChannel ? { offlineChannel } : {}),
      },
      agent,
      { uow },
    );
    await uow.commit();
    return view;
  };
  const report = async (data: Partial<DeliveryResult> & { referralId: string; organisationId: string }) => {
    const event = PartnerDeliveryReported.create({ ...result({}), ...data } as never);
    const uow = m.newUnitOfWork();
    const outcome = await makeApplyDeliveryResult(m.deps).execute(
      { source: event.source, detailType: event.detailType, detail: event.detail },
      uow,
    );
    await uow.commit();
    return outcome;
  };
  const withdraw = async (id: string) => {
    const uow = m.newUnitOfWork();
    await makeAnswerReferral(m.deps, 'withdraw').execute(id, { reason: 'Envoyée par erreur' }, agent, { uow });
    await uow.commit();
  };
  return { m, ccas, caf, cpam, site, send, report, withdraw, atRisk: makeReferralsAtRisk(m.deps) };
}

describe('the results reported by the notifications service, and the coordinator’s view', () => {
  it('updates the referral once, ignores a copy, and counts a failed delivery for the receiving partner', async () => {
    const w = await world();
    const sent = await w.send(w.caf.organisationId);
    const base = { referralId: sent.id, organisationId: w.caf.organisationId, requestedAt: sent.sentAt };
    expect(await w.report({ ...base, channel: 'email', status: 'delivered' })).toBe('applied');
    expect(await w.report({ ...base, channel: 'webhook', status: 'failed', attempt: 5, reasonCode: 'refused' })).toBe('applied');
    expect(await w.report({ ...base, channel: 'webhook', status: 'retried', attempt: 4 })).toBe('stale');
    expect(await w.report({ ...base, organisationId: w.cpam.organisationId, channel: 'email' })).toBe('ignored');

    const stored = await w.m.deps.repository.getReferral(sent.id);
    expect(stored?.deliveries?.map((d) => [d.channel, d.status, d.reason])).toEqual([
      ['email', 'delivered', undefined],
      ['webhook', 'failed', 'refused'],
    ]);
    const view = await w.atRisk.execute({ withinDays: 7 });
    expect(view.partners).toEqual([
      { organisationId: w.caf.organisationId, organisationName: 'CAF du Lot', unreachable: 0, failedDeliveries: 1, expiring: 0 },
    ]);
    expect(view.items).toEqual([
      expect.objectContaining({
        referralId: sent.id,
        fromOrganisationName: 'CCAS de Cahors',
        fromSiteId: w.site.siteId,
        status: 'sent',
        failedChannels: ['webhook'],
        reasons: ['failed_delivery'],
      }),
    ]);
    expect(JSON.stringify(view)).not.toMatch(/personId|liaisonNote|reason"/);
  });

  it('counts a referral sent with an offline choice as unreachable, and one near its expiry as expiring; an ended one leaves', async () => {
    const w = await world();
    const offline = await w.send(w.cpam.organisationId, 'phone');
    const plain = await w.send(w.caf.organisationId);
    expect((await w.atRisk.execute({ withinDays: 7 })).partners).toEqual([
      expect.objectContaining({ organisationId: w.cpam.organisationId, unreachable: 1, failedDeliveries: 0, expiring: 0 }),
    ]);
    // 25 days later, both expire within 7 days (30-day expiry of a pending referral).
    w.m.setNow(new Date(Date.parse(T0) + 25 * 86_400_000));
    const later = await w.atRisk.execute({ withinDays: 7 });
    expect(later.partners.map((p) => [p.organisationName, p.unreachable, p.expiring])).toEqual([
      ['CPAM du Lot', 1, 1],
      ['CAF du Lot', 0, 1],
    ]);
    expect((await w.atRisk.execute({ withinDays: 3 })).partners.map((p) => p.organisationName)).toEqual(['CPAM du Lot']);
    expect(later.items.map((i) => i.referralId).sort()).toEqual([offline.id, plain.id].sort());
    await w.withdraw(plain.id);
    expect((await w.atRisk.execute({ withinDays: 7 })).items.map((i) => i.referralId)).toEqual([offline.id]);
  });
});
