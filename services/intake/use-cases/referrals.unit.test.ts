/**
 * The referral use cases on the in-memory twins (ADR 0023): who may, what changes, which events,
 * which errors, and that a refused or conflicting call writes nothing. The same flows run over
 * HTTP on DynamoDB Local in test/integration/intake.int.test.ts.
 */
import { signLink } from '../../../shared/auth/signed-link';
import type { Actor } from '../../../shared/auth/actor';
import { AppError } from '../../../shared/errors/errors';
import { MEMORY_LINK_SECRET, memoryIntake } from '../../../shared/testing/intake.memory';
import type { CreatePersonInput } from '../domain/person.schema';
import type { CreateReferralInput } from '../domain/referral.schema';
import type { ReferralAction } from '../domain/referral.rules';
import { referralLinkPayload } from '../events/intake.events';
import { makeCreatePerson } from './persons.use-cases';
import { makeRecordReception } from './receptions.use-cases';
import { makeAnswerReferral, makeAnswerReferralLink, makeProcessReferralDeadlines, makeSendReferral } from './referrals.use-cases';

const NOW = new Date('2026-03-02T09:00:00.000Z');
const DAY = 86_400_000;

async function failure(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error;
}

const personInput = (fields: Partial<CreatePersonInput> = {}): CreatePersonInput => ({
  lastName: 'Martin',
  firstName: 'Léa',
  birthDate: '1990-04-01',
  consents: { networkSharing: { given: true, method: 'oral' }, smsSurveys: { given: false } },
  ...fields,
});

async function world() {
  const m = memoryIntake({ now: NOW });
  const ccas = await m.organisation({ name: 'CCAS de Cahors' });
  const caf = await m.organisation({ name: 'CAF du Lot', type: 'caf' });
  const other = await m.organisation({ name: 'Mission locale' });
  const ccasSite = await m.site(ccas.organisationId);
  const cafService = await m.service(caf.organisationId);
  const actor = (id: string, roles: Actor['roles'], organisationId: string | null, siteId: string | null = null): Actor => ({
    id,
    name: `Agent ${id}`,
    email: null,
    roles,
    organisationId,
    siteId,
  });
  const agent = actor('U-ccas', ['accueil'], ccas.organisationId, ccasSite.siteId);
  const partner = actor('U-caf', ['partenaire'], caf.organisationId);
  const stranger = actor('U-ml', ['partenaire'], other.organisationId);
  const pilot = actor('U-pilot', ['pilote'], null);

  const createPerson = async (by: Actor, fields: Partial<CreatePersonInput> = {}) => {
    const uow = m.newUnitOfWork();
    const outcome = await makeCreatePerson(m.deps).execute(personInput(fields), by, { uow });
    await uow.commit();
    if (outcome.kind !== 'created') throw new Error('duplicate in fixture');
    return outcome.person;
  };
  const person = await createPerson(agent);
  const sendInput = (fields: Partial<CreateReferralInput> = {}): CreateReferralInput => ({
    toOrganisationId: caf.organisationId,
    personId: person.id,
    themes: ['famille'],
    reason: 'Ouverture de droits',
    urgency: 'normal',
    liaisonNote: 'Dossier à compléter',
    ...fields,
  });
  const send = makeSendReferral(m.deps);
  const sendNow = async (by: Actor = agent, fields: Partial<CreateReferralInput> = {}) => {
    const uow = m.newUnitOfWork();
    const view = await send.execute(sendInput(fields), by, { uow, correlationId: 'corr-send' });
    await uow.commit();
    return view;
  };
  const answerNow = async (action: ReferralAction, id: string, by: Actor, note = {}) => {
    const uow = m.newUnitOfWork();
    const view = await makeAnswerReferral(m.deps, action).execute(id, note, by, { uow });
    await uow.commit();
    return view;
  };
  return {
    m,
    ccas,
    caf,
    other,
    ccasSite,
    cafService,
    agent,
    partner,
    stranger,
    pilot,
    person,
    createPerson,
    send,
    sendInput,
    sendNow,
    answerNow,
  };
}

describe('sending a referral', () => {
  it('stores it as sent with its deadlines and first step, opens the person to the recipient, announces it and audits it', async () => {
    const w = await world();
    expect(await w.m.repository.referredTo(w.person.id, w.caf.organisationId)).toBe(false);
    const view = await w.sendNow();
    expect(view).toMatchObject({ status: 'sent', fromOrganisationName: 'CCAS de Cahors', toOrganisationName: 'CAF du Lot' });
    const stored = await w.m.repository.getReferral(view.id);
    expect(stored).toMatchObject({
      status: 'sent',
      fromSiteId: w.ccasSite.siteId,
      version: 1,
      sentAt: NOW.toISOString(),
      expiresAt: new Date(NOW.getTime() + 8 * DAY).toISOString(),
      reminderAt: new Date(NOW.getTime() + 4 * DAY).toISOString(),
    });
    expect(stored?.history).toEqual([
      { status: 'sent', at: NOW.toISOString(), by: expect.objectContaining({ userId: 'U-ccas', via: 'account' }) },
    ]);
    expect(await w.m.repository.referredTo(w.person.id, w.caf.organisationId)).toBe(true);
    const [event] = w.m.events('ReferralSent');
    expect(event?.data).toMatchObject({ referralId: view.id, personId: w.person.id, toOrganisationId: w.caf.organisationId });
    expect(event?.metadata.correlationId).toBe('corr-send');
    expect(w.m.auditOf(w.person.id).map((l) => [l.action, l.purpose])).toEqual([
      ['create', 'accueil'],
      ['create', 'orientation'],
    ]);
  });

  it('lists it in the sender’s outgoing box and the recipient’s incoming box, newest first', async () => {
    const w = await world();
    const first = await w.sendNow();
    w.m.setNow(new Date(NOW.getTime() + 60_000));
    const second = await w.sendNow(w.agent, { personId: undefined });
    const incoming = await w.m.repository.listReferrals({ box: 'incoming', organisationId: w.caf.organisationId }, 10);
    expect(incoming.items.map((r) => r.id)).toEqual([second.id, first.id]);
    const outgoing = await w.m.repository.listReferrals({ box: 'outgoing', organisationId: w.ccas.organisationId }, 1);
    expect(outgoing.items.map((r) => r.id)).toEqual([second.id]);
    const rest = await w.m.repository.listReferrals({ box: 'outgoing', organisationId: w.ccas.organisationId }, 1, outgoing.nextCursor!);
    expect(rest.items.map((r) => r.id)).toEqual([first.id]);
  });

  it('never to one’s own organisation', async () => {
    const w = await world();
    const before = w.m.items().length;
    const error = await failure(w.sendNow(w.agent, { toOrganisationId: w.ccas.organisationId }));
    expect(error.code).toBe('intake.referral.to-own-organisation');
    expect(error.errors).toEqual([{ path: 'body.toOrganisationId', message: expect.any(String) }]);
    expect(w.m.items()).toHaveLength(before);
  });

  it('refuses an unknown organisation, a service of another one, a reception of another organisation', async () => {
    const w = await world();
    const unknown = await failure(w.sendNow(w.agent, { toOrganisationId: '01KDVDZZZZZZZZZZZZZZZZZZZZ' }));
    expect(unknown.code).toBe('intake.referral.unknown-organisation');
    const otherService = await w.m.service(w.other.organisationId);
    expect((await failure(w.sendNow(w.agent, { serviceId: otherService.serviceId }))).code).toBe('intake.referral.unknown-service');
    expect((await w.sendNow(w.agent, { serviceId: w.cafService.serviceId })).status).toBe('sent');
    const strangerPerson = await w.createPerson(w.stranger, { lastName: 'Durand' });
    const strangerSite = await w.m.site(w.other.organisationId);
    const uow = w.m.newUnitOfWork();
    const reception = await makeRecordReception(w.m.deps).execute(
      { siteId: strangerSite.siteId, channel: 'phone', personId: strangerPerson.id, themes: ['famille'] },
      w.stranger,
      { uow },
    );
    await uow.commit();
    const error = await failure(w.sendNow(w.agent, { receptionId: reception.id, personId: undefined }));
    expect(error.code).toBe('intake.referral.unknown-reception');
  });

  it('lists every bad field of the input and writes nothing', async () => {
    const w = await world();
    const before = w.m.items().length;
    const error = await failure(w.send.execute({ ...w.sendInput(), reason: ' ', themes: [] }, w.agent, { uow: w.m.newUnitOfWork() }));
    expect(error.code).toBe('kernel.validation');
    expect(error.errors?.map((e) => e.path).sort()).toEqual(['body.reason', 'body.themes']);
    expect(w.m.items()).toHaveLength(before);
  });

  it('is for field roles only, and about a person the sender may know of', async () => {
    const w = await world();
    expect((await failure(w.sendNow(w.pilot))).code).toBe('kernel.forbidden');
    // A partner knows of a person only once she was referred to it.
    const error = await failure(w.sendNow(w.partner, { toOrganisationId: w.other.organisationId }));
    expect(error.code).toBe('intake.referral.person-unknown-to-sender');
    expect(w.m.events('ReferralSent')).toEqual([]);
  });
});

describe('answering a referral', () => {
  it('the recipient accepts: a step with who and when, a new version, the change announced and audited', async () => {
    const w = await world();
    const sent = await w.sendNow();
    w.m.setNow(new Date(NOW.getTime() + DAY));
    const view = await w.answerNow('accept', sent.id, w.partner, { comment: 'Rendez-vous lundi' });
    expect(view.status).toBe('accepted');
    const stored = await w.m.repository.getReferral(sent.id);
    expect(stored?.version).toBe(2);
    expect(stored?.history.at(-1)).toMatchObject({ status: 'accepted', comment: 'Rendez-vous lundi', by: { userId: 'U-caf' } });
    expect(w.m.events('ReferralStatusChanged').map((e) => e.data)).toEqual([
      expect.objectContaining({ referralId: sent.id, status: 'accepted', previousStatus: 'sent', byOrganisationId: w.caf.organisationId }),
    ]);
    expect(w.m.auditOf(w.person.id).at(-1)).toMatchObject({ action: 'update', purpose: 'orientation', actorId: 'U-caf' });
  });

  it('only the recipient answers: the sender gets 403, a third organisation does not even read it', async () => {
    const w = await world();
    const sent = await w.sendNow();
    expect((await failure(w.answerNow('accept', sent.id, w.agent))).code).toBe('intake.referral.respond-forbidden');
    expect((await failure(w.answerNow('decline', sent.id, w.stranger, { reasonCode: 'hors_competence' }))).code).toBe('intake.referral.read-forbidden');
    expect((await failure(w.answerNow('accept', '01KDVDZZZZZZZZZZZZZZZZZZZZ', w.partner))).code).toBe('intake.referral.not-found');
    expect((await w.m.repository.getReferral(sent.id))?.status).toBe('sent');
    expect(w.m.events('ReferralStatusChanged')).toEqual([]);
  });

  it('moves only as the status allows: close after accept, never decline a closed one', async () => {
    const w = await world();
    const sent = await w.sendNow();
    const early = await failure(w.answerNow('close', sent.id, w.partner, { outcome: 'service_delivered' }));
    expect(early.status).toBe(409);
    expect(early.code).toBe('intake.referral.already-answered');
    await w.answerNow('accept', sent.id, w.partner);
    expect((await w.answerNow('close', sent.id, w.partner, { outcome: 'service_delivered', comment: 'Droits ouverts' })).status).toBe('closed');
    expect((await failure(w.answerNow('decline', sent.id, w.partner, { reasonCode: 'autre', comment: 'Trop tard' }))).code).toBe(
      'intake.referral.already-answered',
    );
    expect(w.m.events('ReferralStatusChanged').map((e) => e.data.status)).toEqual(['accepted', 'closed']);
  });

  it('a decline carries its reason code, never its comment', async () => {
    const w = await world();
    const sent = await w.sendNow();
    await w.answerNow('decline', sent.id, w.partner, { reasonCode: 'deja_accompagnee', comment: 'Hors de notre champ' });
    expect(w.m.events('ReferralStatusChanged')[0]?.data).toMatchObject({ status: 'declined', reasonCode: 'deja_accompagnee' });
    expect(JSON.stringify(w.m.events('ReferralStatusChanged'))).not.toContain('champ');
  });

  it('the sender alone withdraws a pending referral, never an accepted one', async () => {
    const w = await world();
    const sent = await w.sendNow();
    expect((await failure(w.answerNow('withdraw', sent.id, w.partner, { reason: 'Erreur' }))).code).toBe(
      'intake.referral.withdraw-forbidden',
    );
    await w.answerNow('review', sent.id, w.partner);
    const withdrawn = await w.answerNow('withdraw', sent.id, w.agent, { reason: 'Envoyée par erreur' });
    expect(withdrawn.status).toBe('withdrawn');
    expect(w.m.events('ReferralStatusChanged').map((e) => [e.data.previousStatus, e.data.status])).toEqual([
      ['sent', 'in_review'],
      ['in_review', 'withdrawn'],
    ]);
    expect(JSON.stringify(w.m.events('ReferralStatusChanged'))).not.toContain('erreur');
    const other = await w.sendNow();
    await w.answerNow('accept', other.id, w.partner);
    const late = await failure(w.answerNow('withdraw', other.id, w.agent, { reason: 'Trop tard' }));
    expect(late.status).toBe(409);
    expect(late.errors?.map((e: { path: string }) => e.path)).toEqual(['status']);
  });

  it('two answers at once: the second to commit gets 409 and writes nothing, not even its event or audit line', async () => {
    const w = await world();
    const sent = await w.sendNow();
    const slow = w.m.newUnitOfWork();
    await makeAnswerReferral(w.m.deps, 'accept').execute(sent.id, {}, w.partner, { uow: slow });
    await w.answerNow('decline', sent.id, w.partner, { reasonCode: 'capacite_insuffisante' });
    const auditBefore = w.m.auditOf(w.person.id).length;
    const error = await failure(slow.commit());
    expect(error.code).toBe('intake.referral.changed');
    expect((await w.m.repository.getReferral(sent.id))?.status).toBe('declined');
    expect(w.m.events('ReferralStatusChanged').map((e) => e.data.status)).toEqual(['declined']);
    expect(w.m.auditOf(w.person.id)).toHaveLength(auditBefore);
  });
});

describe('answering through a signed link', () => {
  const tokenFor = (referralId: string, audience: string, expiresAt = new Date(NOW.getTime() + 8 * DAY).toISOString()) =>
    signLink(referralLinkPayload({ referralId, toOrganisationId: audience, expiresAt }), MEMORY_LINK_SECRET);

  it('accepts in the name of the receiving organisation, without an account', async () => {
    const w = await world();
    const sent = await w.sendNow();
    const uow = w.m.newUnitOfWork();
    const view = await makeAnswerReferralLink(w.m.deps, 'accept').execute(
      tokenFor(sent.id, w.caf.organisationId),
      { comment: 'Vu' },
      { uow },
    );
    await uow.commit();
    // Accepted, the referral still runs: the link keeps showing it, to close it later.
    expect(view).toMatchObject({ status: 'accepted', details: true });
    const step = (await w.m.repository.getReferral(sent.id))?.history.at(-1);
    expect(step?.by).toMatchObject({ userId: null, via: 'link', organisationId: w.caf.organisationId });
    expect(w.m.auditOf(w.person.id).at(-1)).toMatchObject({ actorId: `link:${sent.id}`, action: 'update' });
  });

  it('a tampered link, or one for another organisation, opens nothing', async () => {
    const w = await world();
    const sent = await w.sendNow();
    const decline = makeAnswerReferralLink(w.m.deps, 'decline');
    const token = tokenFor(sent.id, w.caf.organisationId);
    const tampered = `${token.slice(0, -2)}xx`;
    expect((await failure(decline.execute(tampered, { reasonCode: 'hors_competence' }, { uow: w.m.newUnitOfWork() }))).code).toBe(
      'intake.referral.invalid-link',
    );
    const foreign = tokenFor(sent.id, w.other.organisationId);
    expect((await failure(decline.execute(foreign, { reasonCode: 'hors_competence' }, { uow: w.m.newUnitOfWork() }))).code).toBe(
      'intake.referral.invalid-link',
    );
    expect((await w.m.repository.getReferral(sent.id))?.status).toBe('sent');
  });
});

describe('deadlines', () => {
  it('reminds once at half the delay, then expires an unanswered referral', async () => {
    const w = await world();
    const sent = await w.sendNow();
    const deadlines = makeProcessReferralDeadlines(w.m.deps);
    expect(await deadlines.execute()).toEqual({ reminded: 0, expired: 0 });
    w.m.setNow(new Date(NOW.getTime() + 4 * DAY + 1000));
    expect(await deadlines.execute()).toEqual({ reminded: 1, expired: 0 });
    expect(await deadlines.execute()).toEqual({ reminded: 0, expired: 0 });
    expect(w.m.events('ReferralReminderDue').map((e) => e.data.referralId)).toEqual([sent.id]);
    w.m.setNow(new Date(NOW.getTime() + 8 * DAY + 1000));
    expect(await deadlines.execute()).toEqual({ reminded: 0, expired: 1 });
    expect(await w.m.repository.getReferral(sent.id)).toMatchObject({ status: 'expired', version: 3 });
    expect(w.m.events('ReferralStatusChanged').map((e) => e.data)).toEqual([
      expect.objectContaining({ status: 'expired', previousStatus: 'sent', byOrganisationId: null }),
    ]);
  });

  it('leaves an answered referral alone, and expires a late one reminding it first', async () => {
    const w = await world();
    const answered = await w.sendNow();
    const late = await w.sendNow(w.agent, { personId: undefined });
    await w.answerNow('accept', answered.id, w.partner);
    w.m.setNow(new Date(NOW.getTime() + 9 * DAY));
    expect(await makeProcessReferralDeadlines(w.m.deps).execute()).toEqual({ reminded: 1, expired: 1 });
    expect((await w.m.repository.getReferral(answered.id))?.status).toBe('accepted');
    expect((await w.m.repository.getReferral(late.id))?.status).toBe('expired');
    expect((await w.m.repository.dueReferrals(new Date(NOW.getTime() + 30 * DAY).toISOString(), 10)).map((r) => r.id)).toEqual([]);
  });
});
