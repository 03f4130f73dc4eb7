/**
 * The person is informed (issue 14, point 4; ADR 0033), on the local stack and DynamoDB Local:
 * one SMS when she is referred — the partner with its article, the site's address, phone and
 * opening hours in words — and one when the partner closes it from the signed link; nothing for
 * a person who refused or has no contact; exactly one SMS per event when it is delivered twice;
 * beyond the month's budget nothing is sent, the overrun is counted and the referral goes on;
 * in the quiet hours the notice waits and the schedule sends it once they end.
 */

import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { LocalStack } from '../../infra/local/stack';
import { DEMO_ORGANISATIONS, DEMO_SITES } from '../../services/directory/demo/lot-demo';
import { intakeDeps } from '../../services/intake/handlers/deps';
import { personNoticeDeps } from '../../services/intake/handlers/person-notices.deps';
import { referralLink } from '../../services/intake/referral-link';
import { makePersonNotices } from '../../services/intake/use-cases/person-notices.use-cases';
import { resetSurveysSettings } from '../../services/surveys/surveys.settings';
import { tableName } from '../../shared/config/settings';
import { ddb } from '../../shared/dynamo/client';
import { UnitOfWork } from '../../shared/dynamo/unit-of-work';
import { type Api, apiClient, startTestStack } from '../support/local-stack';
import { distinctName } from '../support/names';
import { waitFor } from '../support/wait';

jest.setTimeout(120_000);

let stack: LocalStack;
let api: Api;
const tokens: Record<string, string> = {};
const missionLocale = DEMO_ORGANISATIONS.find((o) => o.type === 'mission-locale')!;
const cahorsAntenna = DEMO_SITES.find((s) => s.name === 'Mission locale du Lot – antenne de Cahors')!;
const call = (username: string, method: string, path: string, body?: unknown) => api.call(method, path, { token: tokens[username], body });
const saved = { hours: process.env.RELAIS_SMS_QUIET_HOURS, days: process.env.RELAIS_SMS_QUIET_DAYS };

/** Every hop done: intake's consumer publishes the notice request, then the notifier sends it. */
async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) await stack.drain();
}

/** A person of Cahors (the partner's antenna there is her place) with these contact details. */
async function person(contact: { phone?: string; email?: string; contactRefused?: boolean }) {
  const res = await call('agent.gramat', 'POST', '/api/persons', {
    lastName: distinctName('Informee'),
    firstName: 'Inès',
    birthDate: '1991-03-12',
    communeCode: '46042',
    ...contact,
    consents: { networkSharing: { given: true, method: 'oral' }, smsSurveys: { given: false } },
  });
  if (res.status !== 201) throw new Error(`person: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id as string;
}

async function refer(personId: string) {
  const res = await call('agent.gramat', 'POST', '/api/referrals', {
    toOrganisationId: missionLocale.id,
    personId,
    themes: ['trouver-un-emploi'],
    reason: 'Recherche d’emploi',
    urgency: 'normal',
    liaisonNote: 'Souhaite une formation.',
  });
  if (res.status !== 201) throw new Error(`referral: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; sentAt: string };
}

/** The SMS of the local outbox sent to this number, oldest first. */
async function smsTo(phone: string): Promise<string[]> {
  const res = await call('pilote', 'GET', '/api/dev/outbox?channel=sms&limit=200');
  expect(res.status).toBe(200);
  return (res.body.items as Array<{ to: string; at: string; payload: { text: string } }>)
    .filter((i) => i.to === phone)
    .sort((a, b) => a.at.localeCompare(b.at))
    .map((i) => i.payload.text);
}

/** Everything the local outbox holds for this address, whatever the channel. */
async function anythingTo(address: string): Promise<number> {
  let n = 0;
  for (const channel of ['sms', 'notification']) {
    const res = await call('pilote', 'GET', `/api/dev/outbox?channel=${channel}&limit=200`);
    n += (res.body.items as Array<{ to: string }>).filter((i) => i.to === address).length;
  }
  return n;
}

/** Intake's published events of a type (its outbox items; a test may Scan, a request never). */
async function intakeEvents(detailType: string): Promise<Array<{ metadata: { eventId: string }; data: Record<string, unknown> }>> {
  const out = await ddb().send(
    new ScanCommand({
      TableName: tableName('intake', 'main'),
      FilterExpression: 'begins_with(pk, :p) AND detailType = :t',
      ExpressionAttributeValues: { ':p': 'OUTBOX#', ':t': detailType },
    }),
  );
  return (out.Items ?? []).map((i) => JSON.parse(i.detail as string));
}

/** The consumer's queue message for an event, as SQS hands it to the Lambda (a redelivery). */
const sqsMessage = (detailType: string, detail: unknown, receiveCount: number): SQSEvent => ({
  Records: [
    {
      messageId: `m-${receiveCount}`,
      receiptHandle: `r-${receiveCount}`,
      body: JSON.stringify({
        version: '0',
        id: `bus-${receiveCount}`,
        'detail-type': detailType,
        source: 'relais.intake',
        account: '000000000000',
        time: new Date().toISOString(),
        region: 'eu-west-3',
        resources: [],
        detail,
      }),
      attributes: {
        ApproximateReceiveCount: String(receiveCount),
        SentTimestamp: String(Date.now()),
        SenderId: 'test',
        ApproximateFirstReceiveTimestamp: String(Date.now()),
      },
      messageAttributes: {},
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:local:000000000000:intake-referralPersonNotices',
      awsRegion: 'eu-west-3',
    },
  ],
});

beforeAll(async () => {
  // The stack's own clock is the real one: no quiet hours here (the quiet hours have their own test, with a fixed clock).
  process.env.RELAIS_SMS_QUIET_HOURS = 'off';
  process.env.RELAIS_SMS_QUIET_DAYS = 'off';
  resetSurveysSettings();
  stack = await startTestStack();
  api = apiClient(stack.url);
  for (const u of ['agent.gramat', 'pilote']) tokens[u] = await api.token(u);
  await settle();
  // The antenna's public phone, typed by the coordination: the directory announces it with the site.
  const site = await call('pilote', 'GET', `/api/sites/${cahorsAntenna.id}`);
  const patched = await call('pilote', 'PATCH', `/api/sites/${cahorsAntenna.id}`, { phone: '05 65 22 33 44', version: site.body.version });
  expect(patched.status).toBe(200);
  await settle();
  await waitFor(async () => ((await intakeDeps.repository.getSite(cahorsAntenna.id))?.phone ? true : undefined), 'site phone');
});

afterAll(async () => {
  await stack?.stop();
  if (saved.hours === undefined) delete process.env.RELAIS_SMS_QUIET_HOURS;
  else process.env.RELAIS_SMS_QUIET_HOURS = saved.hours;
  if (saved.days === undefined) delete process.env.RELAIS_SMS_QUIET_DAYS;
  else process.env.RELAIS_SMS_QUIET_DAYS = saved.days;
  resetSurveysSettings();
});

describe('the person is informed of her referral', () => {
  it('gets one SMS at sending and one at closing from the signed link, in plain French, and no more when an event comes twice', async () => {
    const phone = '+33611220001';
    const personId = await person({ phone: '06 11 22 00 01', email: 'ines.informee@example.org' });
    const sent = await refer(personId);
    await settle();
    expect(await smsTo(phone)).toEqual([
      'Relais : votre orientation vers la Mission locale du Lot est envoyée. Adresse : Rue Nationale, 46000 Cahors. ' +
        'Tél : 05 65 22 33 44. Horaires : du lundi au vendredi 9h-12h et 14h-17h30 (sauf jours fériés).',
    ]);

    const link = `/api/referral-links/${referralLink(sent.id, missionLocale.id, new Date(sent.sentAt))}`;
    expect((await api.call('POST', `${link}/review`, { body: {} })).status).toBe(200);
    expect((await api.call('POST', `${link}/accept`, { body: { comment: 'Rendez-vous mardi' } })).status).toBe(200);
    const closed = await api.call('POST', `${link}/close`, {
      body: { outcome: 'service_delivered', comment: 'Inscrite en formation, très motivée' },
    });
    expect(closed.status).toBe(200);
    await settle();
    const texts = await smsTo(phone);
    expect(texts).toHaveLength(2);
    expect(texts[1]).toBe(
      'Relais : votre orientation vers la Mission locale du Lot est terminée : la structure indique que le service a été rendu.',
    );
    // The partner's words never reach her; her e-mail is not used when she has a mobile.
    expect(texts.join(' ')).not.toMatch(/motivée|Rendez-vous mardi/);
    expect(await anythingTo('ines.informee@example.org')).toBe(0);

    // The same ReferralSent and the same close delivered again: nothing more is sent.
    const { handler } = require('../../services/intake/handlers/referral-person-notice.consumer') as {
      handler: (event: SQSEvent, context: unknown) => Promise<SQSBatchResponse>;
    };
    const sentEvent = (await intakeEvents('ReferralSent')).find((e) => e.data.referralId === sent.id)!;
    const closeEvent = (await intakeEvents('ReferralStatusChanged')).find(
      (e) => e.data.referralId === sent.id && e.data.status === 'closed',
    )!;
    expect(await handler(sqsMessage('ReferralSent', sentEvent, 2), {})).toEqual({ batchItemFailures: [] });
    expect(await handler(sqsMessage('ReferralStatusChanged', closeEvent, 2), {})).toEqual({ batchItemFailures: [] });
    await settle();
    expect(await smsTo(phone)).toHaveLength(2);
    // The events carry ids and codes: no phone, no e-mail, no name.
    expect(JSON.stringify([sentEvent, closeEvent])).not.toMatch(/0611220001|33611220001|informee|Inès/);
  });

  it('is told by e-mail when she has no phone; a decline says its category, never the comment', async () => {
    const email = 'ines.sans-portable@example.org';
    const personId = await person({ email });
    const sent = await refer(personId);
    const link = `/api/referral-links/${referralLink(sent.id, missionLocale.id, new Date(sent.sentAt))}`;
    const declined = await api.call('POST', `${link}/decline`, {
      body: { reasonCode: 'capacite_insuffisante', comment: 'Plus de place, désolés' },
    });
    expect(declined.status).toBe(200);
    await settle();
    const res = await call('pilote', 'GET', '/api/dev/outbox?channel=notification&limit=200');
    const mails = (res.body.items as Array<{ to: string; payload: { kind: string; text: string; audience: string } }>).filter(
      (i) => i.to === email,
    );
    expect(mails.map((m) => [m.payload.kind, m.payload.audience]).sort()).toEqual([
      ['referral.declined', 'person'],
      ['referral.sent', 'person'],
    ]);
    const decline = mails.find((m) => m.payload.kind === 'referral.declined')!.payload.text;
    expect(decline).toBe(
      "Relais : la Mission locale du Lot ne peut pas donner suite à votre orientation (elle n'a plus de place pour le moment). " +
        "Votre lieu d'accueil peut vous proposer une autre solution.",
    );
    expect(decline).not.toContain('désolés');
  });

  it('tells nothing to a person who refused to be written to, or who has no phone nor e-mail; the referral goes on', async () => {
    const refusing = await person({ phone: '06 11 22 00 02', contactRefused: true });
    const unreachable = await person({});
    const a = await refer(refusing);
    const b = await refer(unreachable);
    await settle();
    expect(await smsTo('+33611220002')).toEqual([]);
    expect(
      (await intakeEvents('PersonNoticeRequested')).filter((e) =>
        [a.id, b.id].includes((e.data.referral as { referralId?: string })?.referralId ?? ''),
      ),
    ).toEqual([]);
    expect((await call('agent.gramat', 'GET', `/api/referrals/${a.id}`)).body.status).toBe('sent');
  });

  it('stops when she refuses afterwards (a correction, audited with why): the referral still closes', async () => {
    const personId = await person({ phone: '06 11 22 00 05' });
    const sent = await refer(personId);
    await settle();
    expect(await smsTo('+33611220005')).toHaveLength(1);
    const version = (await intakeDeps.repository.getPerson(personId))!.version;
    const refused = await call('agent.gramat', 'PATCH', `/api/persons/${personId}`, {
      contactRefused: true,
      version,
      reason: 'Ne souhaite plus recevoir de SMS de Relais',
    });
    expect(refused.status).toBe(200);
    expect(refused.body.contactRefused).toBe(true);
    const link = `/api/referral-links/${referralLink(sent.id, missionLocale.id, new Date(sent.sentAt))}`;
    expect((await api.call('POST', `${link}/accept`, { body: {} })).status).toBe(200);
    expect((await api.call('POST', `${link}/close`, { body: { outcome: 'not_delivered' } })).status).toBe(200);
    await settle();
    expect(await smsTo('+33611220005')).toHaveLength(1);
    expect((await call('agent.gramat', 'GET', `/api/referrals/${sent.id}`)).body.status).toBe('closed');
  });

  it('sends nothing beyond the month’s budget, counts it, and leaves the referral as it is', async () => {
    const personId = await person({ phone: '06 11 22 00 03' });
    // Sent with the budget the stack has; then a second notice with a budget already spent.
    const sent = await refer(personId);
    await settle();
    expect(await smsTo('+33611220003')).toHaveLength(1);
    const overruns: number[] = [];
    const spent = makePersonNotices({
      ...personNoticeDeps,
      rules: () => ({ quietHours: null, quietDays: [], monthlyBudget: 0 }),
      overBudget: () => overruns.push(1),
    });
    const uow = new UnitOfWork();
    expect(await spent.ask(uow, { referralId: sent.id, kind: 'referral.closed', outcome: 'other' })).toBe('over-budget');
    await uow.commit();
    await settle();
    expect(overruns).toEqual([1]);
    expect(await smsTo('+33611220003')).toHaveLength(1);
    expect((await call('agent.gramat', 'GET', `/api/referrals/${sent.id}`)).body.status).toBe('sent');
  });

  it('waits for the end of the quiet hours: queued at 21:00 Paris, sent by the schedule at 9:00, once', async () => {
    const personId = await person({ phone: '06 11 22 00 04' });
    // The referral is sent with the stack (no quiet hours there): one SMS; its close is asked here at night.
    const sent = await refer(personId);
    await settle();
    const night = new Date('2026-12-08T20:00:00Z'); // a Tuesday, 21:00 in Paris
    const morning = new Date('2026-12-09T08:05:00Z'); // Wednesday, 9:05 in Paris
    let now = night;
    const quiet = makePersonNotices({
      ...personNoticeDeps,
      clock: { now: () => now },
      rules: () => ({ quietHours: { start: '20:00', end: '09:00' }, quietDays: ['sun'], monthlyBudget: 1000 }),
    });
    const uow = new UnitOfWork();
    expect(await quiet.ask(uow, { referralId: sent.id, kind: 'referral.closed', outcome: 'person_absent' })).toBe('queued');
    await uow.commit();
    // Still night: nothing goes.
    now = new Date('2026-12-09T03:00:00Z');
    expect((await quiet.flush()).sent).toBe(0);
    now = morning;
    const first = await quiet.flush();
    const second = await quiet.flush();
    expect(first.sent).toBe(1);
    expect(second.sent).toBe(0);
    await settle();
    const texts = await smsTo('+33611220004');
    expect(texts).toHaveLength(2);
    expect(texts[1]).toBe(
      'Relais : votre orientation vers la Mission locale du Lot est terminée : la structure indique ne pas avoir pu vous rencontrer. Vous pouvez la recontacter.',
    );
  });
});
