/**
 * The cancel asked again of an external agenda after a person's erasure (ADR 0065), on DynamoDB
 * Local: the organisation's RDV-Service-Public agenda is played by the exchanges recorded in
 * test/fixtures/rdv-service-public (an injected `fetch` replays them in order and keeps what was
 * sent, as the book's contract suite does); the book is the one the organisation chose
 * (`chooseBook`), the appointment, the pending item and the outbox are the service's table.
 */
import { DeleteCommand, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { ddb } from '../../../shared/dynamo/client';
import { DynamoUnitOfWork } from '../../../shared/dynamo/unit-of-work';
import { flushMetrics } from '../../../shared/observability/metrics';
import { withDynamoLocalTables } from '../../../shared/testing/tables';
import { newId } from '../../../shared/validation/common.schema';
import { replayFetch } from '../../../test/support/replay-fetch';
import { PersonErased } from '../../intake/events/intake.events';
import { chooseBook } from '../book/choose-book';
import { RDV_SP_KEY_HEADER } from '../book/rdv-service-public.book';
import type { Appointment } from '../domain/appointments.ports';
import { GIVE_UP_AFTER_DAYS } from '../domain/external-cancel';
import { appointmentsService } from '../service';
import { DynamoAppointmentsRepository, table } from '../store/appointments.repository';
import { DynamoPendingCancels } from '../store/external-cancels.store';
import { makeForgetPerson } from './person-erased.use-cases';
import { makeRetryExternalCancels } from './retry-external-cancels.use-cases';

withDynamoLocalTables(appointmentsService);

/** Monday 2 March 2026, 10:00 in Paris: the erasure. */
const NOW = new Date('2026-03-02T09:00:00.000Z');
const KEY = 'cle-de-test-non-secrete';
const RDV_ID = '4217';
const minutes = (n: number) => new Date(NOW.getTime() + n * 60_000);

/** The pending cancels of every organisation share one partition: each test starts with it empty. */
beforeEach(async () => {
  const out = await ddb().send(
    new QueryCommand({ TableName: table(), KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': 'EXTERNAL_CANCELS' } }),
  );
  for (const item of out.Items ?? []) await ddb().send(new DeleteCommand({ TableName: table(), Key: { pk: item.pk, sk: item.sk } }));
});

/** An organisation on RDV-Service-Public, its site, a referral of a person and her appointment to come there (rdv 4217). */
async function world(fixture: string, start = '2026-03-03T09:00:00.000Z') {
  const repository = new DynamoAppointmentsRepository();
  const replay = replayFetch(`rdv-service-public/${fixture}`);
  const ids = { sender: newId(), partner: newId(), site: newId(), referral: newId(), person: newId(), appointment: newId() };
  let now = NOW;
  const deps = {
    repository,
    clock: { now: () => now },
    newUnitOfWork: () => new DynamoUnitOfWork(),
    appointmentBook: chooseBook(repository, { token: async () => KEY, fetch: replay.fetch }),
    pendingCancels: new DynamoPendingCancels(),
  };
  const uow = new DynamoUnitOfWork();
  repository.saveOrganisation(uow, {
    organisationId: ids.partner,
    appointmentBook: { kind: 'rdv-service-public', baseUrl: replay.origin, organisationRef: '1090', tokenSecretName: 'caf-du-lot' },
    version: 1,
  });
  repository.saveSite(uow, { siteId: ids.site, organisationId: ids.partner, name: 'CAF du Lot — Cahors', version: 1 });
  repository.saveReferral(uow, {
    referralId: ids.referral,
    fromOrganisationId: ids.sender,
    toOrganisationId: ids.partner,
    personId: ids.person,
    themes: ['famille'],
    status: 'sent',
    at: '2026-03-01T08:00:00.000Z',
  });
  repository.createAppointment(uow, {
    id: ids.appointment,
    siteId: ids.site,
    organisationId: ids.partner,
    referralId: ids.referral,
    personId: ids.person,
    bookedByOrganisationId: ids.sender,
    bookedBy: 'test',
    start,
    end: new Date(Date.parse(start) + 30 * 60_000).toISOString(),
    channel: 'site',
    external: { kind: 'rdv-service-public', id: RDV_ID },
    themes: ['famille'],
    status: 'booked',
    createdAt: '2026-03-01T09:00:00.000Z',
    updatedAt: '2026-03-01T09:00:00.000Z',
    version: 1,
  });
  await uow.commit();

  const erased = PersonErased.create({ personId: ids.person, at: NOW.toISOString(), reason: 'retention' });
  const erase = () =>
    makeForgetPerson(deps).execute({ source: PersonErased.source, detailType: PersonErased.detailType, detail: erased.detail });
  const job = makeRetryExternalCancels(deps);
  const pending = async () =>
    (
      await ddb().send(
        new QueryCommand({
          TableName: table(),
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': 'EXTERNAL_CANCELS' },
          ConsistentRead: true,
        }),
      )
    ).Items ?? [];
  const cancelledEvents = async () => {
    const out = await ddb().send(
      new ScanCommand({
        TableName: table(),
        FilterExpression: 'begins_with(pk, :p) AND detailType = :t',
        ExpressionAttributeValues: { ':p': 'OUTBOX#', ':t': 'AppointmentCancelled' },
        ConsistentRead: true,
      }),
    );
    return (out.Items ?? []).map((i) => JSON.parse(i.detail as string)).filter((e) => e.data.appointmentId === ids.appointment);
  };
  const cancels = () => replay.sent.filter((r) => r.method === 'PUT' && r.path === `/api/visioplainte/rdvs/${RDV_ID}/cancel`);
  return {
    ids,
    repository,
    replay,
    erase,
    job,
    pending,
    cancelledEvents,
    cancels,
    appointment: () => repository.getAppointment(ids.appointment) as Promise<Appointment>,
    setNow(at: Date) {
      now = at;
    },
    /** What was sent was what the fixture recorded, in order, all of it, each with the organisation's key. */
    verify() {
      expect(replay.mismatches).toEqual([]);
      expect(replay.pending()).toEqual([]);
      for (const request of replay.sent) expect(request.headers[RDV_SP_KEY_HEADER.toLowerCase()]).toBe(KEY);
    },
  };
}

/** The ERROR and WARN lines the logger writes, and the EMF lines of the counters, while `fn` runs as on Lambda. */
async function onLambda<T>(fn: () => Promise<T>) {
  const saved = { name: process.env.AWS_LAMBDA_FUNCTION_NAME, level: process.env.POWERTOOLS_LOG_LEVEL };
  process.env.AWS_LAMBDA_FUNCTION_NAME = 'relais-test-appointments-externalCancels';
  process.env.POWERTOOLS_LOG_LEVEL = 'WARN';
  const logs: string[] = [];
  const metrics: Record<string, unknown>[] = [];
  const out = jest.spyOn(process.stdout, 'write').mockImplementation(((chunk: unknown) => {
    for (const line of String(chunk).split('\n')) if (line.includes('"_aws"')) metrics.push(JSON.parse(line));
    return true;
  }) as typeof process.stdout.write);
  const err = jest.spyOn(process.stderr, 'write').mockImplementation(((chunk: unknown) => {
    logs.push(...String(chunk).split('\n').filter(Boolean));
    return true;
  }) as typeof process.stderr.write);
  try {
    const result = await fn();
    flushMetrics();
    return { result, logs, metrics };
  } finally {
    out.mockRestore();
    err.mockRestore();
    for (const [name, value] of [
      ['AWS_LAMBDA_FUNCTION_NAME', saved.name],
      ['POWERTOOLS_LOG_LEVEL', saved.level],
    ] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

/** The log lines that are JSON (the logger's), parsed. */
const parsed = (lines: string[]) =>
  lines.flatMap((line) => {
    try {
      return [JSON.parse(line) as Record<string, unknown>];
    } catch {
      return [];
    }
  });

const NOTHING = { cancelled: 0, stillDown: 0, dropped: 0, abandoned: 0, left: 0 };

describe('a person erased while her organisation’s agenda does not answer (ADR 0065)', () => {
  it('forgets her and keeps the cancel to ask again: the appointment still booked, anonymous, the item without her', async () => {
    const w = await world('cancel-unavailable');
    expect(await w.erase()).toMatchObject({ appointments: 1, cancelled: 0, notCancelled: 1 });

    expect(await w.appointment()).toMatchObject({ status: 'booked', version: 1, personErasedAt: NOW.toISOString() });
    expect((await w.appointment()).personId).toBeUndefined();
    const items = await w.pending();
    expect(items).toHaveLength(1);
    expect(items[0]).toEqual({
      pk: 'EXTERNAL_CANCELS',
      sk: `${minutes(15).toISOString()}#${w.ids.appointment}`,
      appointmentId: w.ids.appointment,
      organisationId: w.ids.partner,
      external: { kind: 'rdv-service-public', id: RDV_ID },
      attempts: 1,
      since: NOW.toISOString(),
      nextAttemptAt: minutes(15).toISOString(),
    });
    expect(JSON.stringify(items)).not.toContain(w.ids.person);
    expect(await w.cancelledEvents()).toEqual([]);

    // Delivered again: her pointers are gone, nothing asked, no second item.
    expect(await w.erase()).toMatchObject({ appointments: 0, notCancelled: 0 });
    expect(await w.pending()).toHaveLength(1);
    expect(w.cancels()).toHaveLength(1);
    w.verify();
  });

  it('asks nothing before the next attempt is due; still no answer then: the attempt counted, the next one later, nothing else changed', async () => {
    const w = await world('cancel-still-down');
    await w.erase();
    w.setNow(minutes(14));
    expect(await w.job.execute()).toEqual(NOTHING);
    expect(w.cancels()).toHaveLength(1);

    w.setNow(minutes(16));
    expect(await w.job.execute()).toEqual({ ...NOTHING, stillDown: 1 });
    expect(w.cancels()).toHaveLength(2);
    const [item] = await w.pending();
    expect(await w.pending()).toHaveLength(1);
    // After the 2nd failed attempt: an hour later.
    expect(item).toMatchObject({ attempts: 2, since: NOW.toISOString(), nextAttemptAt: minutes(76).toISOString() });
    expect(item?.sk).toBe(`${minutes(76).toISOString()}#${w.ids.appointment}`);
    expect(await w.appointment()).toMatchObject({ status: 'booked', version: 1 });
    expect(await w.cancelledEvents()).toEqual([]);

    // Before that hour: nothing asked again.
    w.setNow(minutes(75));
    expect(await w.job.execute()).toEqual(NOTHING);
    w.verify();
  });

  it('once the agenda answers: cancelled there and here (place freed, AppointmentCancelled without her), the item gone; a second run changes nothing', async () => {
    const w = await world('cancel-retried');
    await w.erase();
    w.setNow(minutes(20));
    expect(await w.job.execute()).toEqual({ ...NOTHING, cancelled: 1 });

    // The agenda received the cancel of that rdv (the erasure's, then this one), with the organisation's key.
    expect(w.cancels()).toHaveLength(2);
    expect(await w.appointment()).toMatchObject({
      status: 'cancelled',
      version: 2,
      updatedAt: minutes(20).toISOString(),
      personErasedAt: NOW.toISOString(),
    });
    expect((await w.appointment()).personId).toBeUndefined();
    expect(await w.pending()).toEqual([]);
    const events = await w.cancelledEvents();
    expect(events).toHaveLength(1);
    expect(events[0].data).toMatchObject({
      appointmentId: w.ids.appointment,
      organisationId: w.ids.partner,
      siteName: 'CAF du Lot — Cahors',
      byOrganisationId: '',
      sequence: 1,
      start: '2026-03-03T10:00:00+01:00',
    });
    expect(JSON.stringify(events[0])).not.toContain(w.ids.person);

    // Again, even much later: nothing due, nothing asked, nothing written.
    w.setNow(minutes(24 * 60));
    expect(await w.job.execute()).toEqual(NOTHING);
    expect(await w.cancelledEvents()).toHaveLength(1);
    expect(await w.appointment()).toMatchObject({ status: 'cancelled', version: 2 });
    w.verify();
  });

  it('asks an agenda that failed in a run no more in that run: its other cancel counts a failed attempt without a call', async () => {
    const w = await world('cancel-two-still-down');
    // Her second appointment there (rdv 4218), its id sorting after the first's.
    const second = `${w.ids.appointment}Z`;
    const first = await w.appointment();
    const uow = new DynamoUnitOfWork();
    w.repository.createAppointment(uow, {
      ...first,
      id: second,
      personId: w.ids.person,
      start: '2026-03-03T10:00:00.000Z',
      end: '2026-03-03T10:30:00.000Z',
      external: { kind: 'rdv-service-public', id: '4218' },
    });
    await uow.commit();
    expect(await w.erase()).toMatchObject({ appointments: 2, notCancelled: 2 });
    expect(await w.pending()).toHaveLength(2);

    w.setNow(minutes(16));
    expect(await w.job.execute()).toEqual({ ...NOTHING, stillDown: 2 });
    expect(w.replay.sent.map((r) => r.path)).toEqual([
      '/api/visioplainte/rdvs/4217/cancel',
      '/api/visioplainte/rdvs/4218/cancel',
      '/api/visioplainte/rdvs/4217/cancel',
    ]);
    expect((await w.pending()).map((i) => [i.appointmentId, i.attempts, i.nextAttemptAt])).toEqual([
      [w.ids.appointment, 2, minutes(76).toISOString()],
      [second, 2, minutes(76).toISOString()],
    ]);
    w.verify();
  });

  it('drops the item without asking the agenda when the appointment was cancelled meanwhile', async () => {
    const w = await world('cancel-unavailable');
    await w.erase();
    // The partner cancelled it in the meantime (as the cancel route writes it).
    const before = await w.appointment();
    const uow = new DynamoUnitOfWork();
    w.repository.updateAppointment(uow, { ...before, status: 'cancelled', version: 2 }, 1, () => new Error('changed'));
    await uow.commit();

    w.setNow(minutes(16));
    expect(await w.job.execute()).toEqual({ ...NOTHING, dropped: 1 });
    expect(await w.pending()).toEqual([]);
    // Only the erasure's cancel was ever sent.
    expect(w.cancels()).toHaveLength(1);
    expect(await w.appointment()).toMatchObject({ status: 'cancelled', version: 2 });
    w.verify();
  });
});

describe('giving up a cancel the agenda never answered (ADR 0065)', () => {
  it(`after ${GIVE_UP_AFTER_DAYS} days: one last attempt, then an ERROR naming the appointment and organisation (never her), counted for the alarm, the item gone`, async () => {
    const w = await world('cancel-still-down', '2026-04-15T08:00:00.000Z');
    await w.erase();
    w.setNow(minutes(GIVE_UP_AFTER_DAYS * 24 * 60 + 1));
    const { result, logs, metrics } = await onLambda(() => w.job.execute());
    expect(result).toEqual({ ...NOTHING, abandoned: 1 });
    expect(w.cancels()).toHaveLength(2);

    const errors = parsed(logs).filter((l) => l.level === 'ERROR');
    expect(errors).toEqual([
      expect.objectContaining({
        service: 'appointments',
        message: 'Personne effacée : annulation abandonnée, le rendez-vous reste réservé dans l’agenda externe',
        appointmentId: w.ids.appointment,
        organisationId: w.ids.partner,
        externalId: RDV_ID,
        attempts: 2,
        reason: 'limit',
      }),
    ]);
    expect(logs.join('\n')).not.toContain(w.ids.person);
    expect(metrics).toEqual([expect.objectContaining({ service: 'appointments', ExternalCancelAbandoned: 1 })]);
    expect(await w.pending()).toEqual([]);
    // Still booked here as in the agenda: an operator takes it from the log.
    expect(await w.appointment()).toMatchObject({ status: 'booked', version: 1 });
    expect(await w.cancelledEvents()).toEqual([]);
    w.verify();
  });

  it('once the appointment’s time has come: given up without asking the agenda, logged and counted', async () => {
    const w = await world('cancel-unavailable');
    await w.erase();
    // The day after, past its start (Tuesday 10:00): the place can no longer be freed.
    w.setNow(new Date('2026-03-03T09:00:00.000Z'));
    const { result, logs, metrics } = await onLambda(() => w.job.execute());
    expect(result).toEqual({ ...NOTHING, abandoned: 1 });
    expect(w.cancels()).toHaveLength(1);
    const errors = parsed(logs).filter((l) => l.level === 'ERROR');
    expect(errors).toEqual([
      expect.objectContaining({ appointmentId: w.ids.appointment, organisationId: w.ids.partner, reason: 'started' }),
    ]);
    expect(logs.join('\n')).not.toContain(w.ids.person);
    expect(metrics).toEqual([expect.objectContaining({ service: 'appointments', ExternalCancelAbandoned: 1 })]);
    expect(await w.pending()).toEqual([]);
    w.verify();
  });
});
