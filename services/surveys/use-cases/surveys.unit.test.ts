import { UnitOfWork } from '../../../shared/dynamo/unit-of-work';
import type { OutgoingEvent } from '../../../shared/events/envelope';
import { PersonConsentsChanged, ReceptionRecorded } from '../../intake/events/intake.events';
import { SiteChanged } from '../../directory/events/directory.events';
import { gsm7Length } from '../domain/message';
import type { SurveysDeps } from '../domain/surveys.ports';
import { FakeSurveysRepository } from './fake-repository';
import { makeReceiveSms } from './inbound.use-cases';
import { makeSurveyResults, resultsOrganisation } from './results.use-cases';
import { makeDispatchDueSurveys, makeSendSurvey } from './sending.use-cases';
import { ParcoursClosedFields, makeApplyEvent } from './triggers.use-cases';

const ORG = '01KDVDNA005Z9W8WQ2721G6GSM';
const OTHER_ORG = '01KDVDNA04X8YXG6K678TTZHBV';
const SITE = '01KDVDNB005Z9W8WQ2721G6GSM';
const PERSON = '01KDVDP0000000000000000001';
const PHONE = '+33612345678';

function setup(options: { now?: string; budget?: number; delayMinutes?: number; quiet?: boolean } = {}) {
  let now = new Date(options.now ?? '2026-11-24T09:00:00Z'); // Tuesday 10:00 in Paris
  const repository = new FakeSurveysRepository();
  const sent: Array<{ to: string; text: string; kind: string }> = [];
  const metrics: string[] = [];
  const queue: string[] = [];
  let ids = 0;
  const deps: SurveysDeps = {
    repository,
    clock: { now: () => now },
    newId: () => `SURVEY${String(++ids).padStart(20, '0')}`,
    phoneSecret: async () => 'test-secret',
    rules: () => ({
      delayMinutes: options.delayMinutes ?? 60,
      quietHours: options.quiet === false ? null : { start: '20:00', end: '09:00' },
      quietDays: options.quiet === false ? [] : ['sun'],
      monthlyBudget: options.budget ?? 100,
    }),
    sender: {
      async send(to, text, ref) {
        sent.push({ to, text, kind: ref.kind });
      },
    },
    metrics: { count: (name) => metrics.push(name) },
    enqueueSend: async (id) => {
      queue.push(id);
    },
  };
  repository.sites.set(SITE, { id: SITE, name: 'Maison des solidarités de Gramat', organisationId: ORG, version: 1 });
  const apply = makeApplyEvent(deps);
  const received = (e: OutgoingEvent) => ({ source: e.source, detailType: e.detailType, detail: e.detail as never });
  return {
    deps,
    repository,
    sent,
    metrics,
    queue,
    setNow: (iso: string) => {
      now = new Date(iso);
    },
    reception: (overrides: Record<string, unknown> = {}) =>
      apply.execute(
        received(
          ReceptionRecorded.create({
            receptionId: 'R1',
            siteId: SITE,
            organisationId: ORG,
            channel: 'site',
            themes: [],
            personId: PERSON,
            anonymous: false,
            receivedAt: now.toISOString(),
            phone: PHONE,
            smsSurveysConsent: true,
            ...overrides,
          }),
        ),
        new UnitOfWork(),
      ),
    event: (e: OutgoingEvent) => apply.execute(received(e), new UnitOfWork()),
    /** The schedule's run, then the queue's consumer for everything it queued. */
    async dispatchAndSend() {
      await makeDispatchDueSurveys(deps).execute();
      const send = makeSendSurvey(deps);
      const outcomes = [];
      while (queue.length) outcomes.push(await send.execute(queue.shift() as string));
      return outcomes;
    },
    reply: (body: string, from = PHONE) => makeReceiveSms(deps).execute({ from, body }, new UnitOfWork()),
  };
}

describe('triggers', () => {
  it('a reception of a consenting person schedules one survey after the delay, naming the site', async () => {
    const t = setup();
    expect(await t.reception()).toBe('scheduled');
    const [survey] = [...t.repository.surveys.values()];
    expect(survey).toMatchObject({
      organisationId: ORG,
      siteId: SITE,
      trigger: 'reception',
      status: 'scheduled',
      sendAt: '2026-11-24T10:00:00.000Z',
    });
    expect(survey?.placeName).toBe('Maison des solidarités de Gramat');
    // The number is kept apart from the survey, and hashed for matching.
    expect(JSON.stringify(survey)).not.toContain('612345678');
    expect(t.repository.phones.get(survey!.id)).toBe(PHONE);
  });

  it('no consent or no phone: no survey, and the number held for that person is forgotten', async () => {
    const t = setup();
    await t.reception();
    expect(await t.reception({ smsSurveysConsent: false, phone: undefined })).toBe('no_phone');
    expect(t.repository.contacts.size).toBe(0);
  });

  it('one survey per number per 14 days at most', async () => {
    const t = setup();
    expect(await t.reception()).toBe('scheduled');
    t.setNow('2026-12-07T09:00:00Z');
    expect(await t.reception()).toBe('too_soon');
    t.setNow('2026-12-08T09:00:01Z');
    expect(await t.reception()).toBe('scheduled');
  });

  it('a closed parcours surveys the person through the number learnt from a reception; none without one', async () => {
    const t = setup();
    await t.reception({ smsSurveysConsent: true });
    t.setNow('2026-12-24T09:00:00Z');
    const closed = (personId: string) =>
      ParcoursClosedFields.create({ parcoursId: 'P1', personId, referentOrganisationId: OTHER_ORG, closedAt: '2026-12-24T09:00:00Z' });
    expect(await t.event(closed(PERSON))).toBe('scheduled');
    const parcoursSurvey = [...t.repository.surveys.values()].find((s) => s.trigger === 'parcours');
    expect(parcoursSurvey).toMatchObject({ organisationId: OTHER_ORG });
    expect(await t.event(closed('01KDVDP0000000000000000002'))).toBe('no_phone');
  });

  it('withdrawing the SMS consent cancels a survey not yet sent', async () => {
    const t = setup({ delayMinutes: 0 });
    await t.reception();
    await t.event(
      PersonConsentsChanged.create({
        personId: PERSON,
        networkSharing: false,
        smsSurveys: false,
        at: '2026-11-24T09:00:00Z',
        byOrganisationId: ORG,
      }),
    );
    expect(await t.dispatchAndSend()).toEqual(['cancelled']);
    expect(t.sent).toHaveLength(0);
    expect(t.repository.phones.size).toBe(0);
  });

  it('keeps the site names the directory announces, newest version only', async () => {
    const t = setup();
    const site = (version: number, name: string) =>
      SiteChanged.create({
        siteId: 'S2',
        organisationId: ORG,
        name,
        change: 'updated',
        version,
        communeCode: '46127',
        location: { lon: 1.8, lat: 44.7 },
        unconditionalReception: true,
        themes: [],
      });
    expect(await t.event(site(2, 'France services de Gramat'))).toBe('applied');
    expect(await t.event(site(1, 'Ancien nom'))).toBe('stale');
    expect(t.repository.sites.get('S2')?.name).toBe('France services de Gramat');
  });
});

describe('sending', () => {
  it('sends nothing before the time, then one SMS to the E.164 number, and announces SurveySent', async () => {
    const t = setup();
    await t.reception();
    expect(await t.dispatchAndSend()).toEqual([]);
    t.setNow('2026-11-24T10:00:00Z');
    expect(await t.dispatchAndSend()).toEqual(['sent']);
    expect(t.sent).toHaveLength(1);
    expect(t.sent[0]?.to).toBe(PHONE);
    expect(t.sent[0]?.text).toContain('Maison des solidarités de Gramat');
    expect(gsm7Length(t.sent[0]?.text ?? '')).toBeLessThanOrEqual(160);
    expect(t.repository.events.map((e) => e.detailType)).toEqual(['SurveySent']);
    expect(t.repository.events[0]?.detail.data).toEqual({
      surveyId: expect.any(String),
      organisationId: ORG,
      siteId: SITE,
      trigger: 'reception',
      sentAt: '2026-11-24T10:00:00.000Z',
    });
    // Sent once: the number is gone, a duplicate message sends nothing.
    expect(t.repository.phones.size).toBe(0);
    const id = [...t.repository.surveys.keys()][0] as string;
    expect(await makeSendSurvey(t.deps).execute(id)).toBe('not_pending');
    expect(t.sent).toHaveLength(1);
  });

  it('a survey due at 21:00 on a weekday waits until 09:00; on a Sunday until Monday 09:00', async () => {
    const weekday = setup({ now: '2026-11-25T20:00:00Z', delayMinutes: 0 }); // Wednesday 21:00 Paris
    await weekday.reception();
    expect(await weekday.dispatchAndSend()).toEqual([]);
    weekday.setNow('2026-11-26T07:59:00Z');
    expect(await weekday.dispatchAndSend()).toEqual([]);
    weekday.setNow('2026-11-26T08:00:00Z');
    expect(await weekday.dispatchAndSend()).toEqual(['sent']);

    const sunday = setup({ now: '2026-11-29T10:00:00Z', delayMinutes: 0 }); // Sunday 11:00 Paris
    await sunday.reception();
    expect([...sunday.repository.surveys.values()][0]?.sendAt).toBe('2026-11-30T08:00:00.000Z');
    sunday.setNow('2026-11-30T07:00:00Z');
    expect(await sunday.dispatchAndSend()).toEqual([]);
    sunday.setNow('2026-11-30T08:00:00Z');
    expect(await sunday.dispatchAndSend()).toEqual(['sent']);
  });

  it('beyond the monthly budget nothing is sent, the survey is closed and the alarm metric raised; a new month starts again', async () => {
    const t = setup({ budget: 1, delayMinutes: 0, quiet: false });
    await t.reception();
    await t.reception({ phone: '+33700000001', personId: undefined });
    expect(await t.dispatchAndSend()).toEqual(['sent', 'budget_exceeded']);
    expect(t.sent).toHaveLength(1);
    expect(t.metrics).toContain('SmsBudgetExceeded');
    expect([...t.repository.surveys.values()].map((s) => s.status).sort()).toEqual(['budget_exceeded', 'sent']);
    expect(t.repository.phones.size).toBe(0);

    t.setNow('2026-12-01T09:00:00Z');
    await t.reception({ phone: '+33700000002', personId: undefined });
    expect(await t.dispatchAndSend()).toEqual(['sent']);
  });

  it('a failed send gives the budget back and leaves the survey to the queue’s retry', async () => {
    const t = setup({ delayMinutes: 0, quiet: false });
    await t.reception();
    let fail = true;
    t.deps.sender = {
      async send() {
        if (fail) throw new Error('throttled');
      },
    };
    await makeDispatchDueSurveys(t.deps).execute();
    const id = t.queue.shift() as string;
    await expect(makeSendSurvey(t.deps).execute(id)).rejects.toThrow('throttled');
    expect(t.repository.budget.get('2026-11')).toBe(0);
    expect(t.repository.surveys.get(id)?.status).toBe('queued');
    fail = false;
    expect(await makeSendSurvey(t.deps).execute(id)).toBe('sent');
  });
});

describe('replies', () => {
  async function sentSurvey() {
    const t = setup({ delayMinutes: 0, quiet: false });
    await t.reception();
    await t.dispatchAndSend();
    return t;
  }

  it.each(['4', ' 4 ', '4/5', 'quatre'])('records %j as the mark 4 and announces SurveyAnswered', async (body) => {
    const t = await sentSurvey();
    expect((await t.reply(body)).outcome).toBe('answered');
    const [survey] = [...t.repository.surveys.values()];
    expect(survey).toMatchObject({ status: 'answered', score: 4 });
    expect(t.repository.events.at(-1)?.detail.data).toMatchObject({ score: 4, withComment: false, organisationId: ORG, siteId: SITE });
  });

  it('keeps a comment sent in a second reply within 48 hours, and no later', async () => {
    const t = await sentSurvey();
    await t.reply('5');
    t.setNow('2026-11-25T09:00:00Z');
    expect((await t.reply('Très bien reçue, merci à Claire')).outcome).toBe('commented');
    expect([...t.repository.surveys.values()][0]?.comment).toBe('Très bien reçue, merci à Claire');
    expect((await t.reply('Encore un mot')).outcome).toBe('ignored');
  });

  it('a comment after 48 hours is ignored', async () => {
    const t = await sentSurvey();
    await t.reply('3');
    t.setNow('2026-11-27T09:00:01Z');
    expect((await t.reply('Trop d’attente')).outcome).toBe('ignored');
  });

  it.each(['STOP', 'ARRET', 'ARRÊT', 'stop sms'])(
    '%j opts the number out at once, with one confirmation, and no later survey',
    async (body) => {
      const t = await sentSurvey();
      const first = await t.reply(body);
      expect(first.outcome).toBe('opted_out');
      await first.confirm?.();
      expect(t.sent.filter((s) => s.kind === 'opt_out_confirmation')).toEqual([
        { to: PHONE, text: expect.stringContaining('plus de SMS'), kind: 'opt_out_confirmation' },
      ]);
      expect(t.repository.events.at(-1)?.detail.data).toEqual({ at: expect.any(String) });
      // A second STOP: no second confirmation.
      const again = await t.reply('STOP');
      expect(again).toEqual({ outcome: 'already_opted_out' });
      // Later receptions: no survey.
      t.setNow('2027-02-01T10:00:00Z');
      expect(await t.reception()).toBe('opted_out');
      expect(await t.dispatchAndSend()).toEqual([]);
      expect(t.sent.filter((s) => s.kind === 'survey')).toHaveLength(1);
    },
  );

  it('an opt-out after the survey was scheduled cancels it before it goes', async () => {
    const t = setup();
    await t.reception();
    await t.reply('STOP');
    t.setNow('2026-11-24T10:00:00Z');
    expect(await t.dispatchAndSend()).toEqual(['cancelled']);
  });

  it('an unknown number, junk, an empty message or a mark after a week are ignored without error', async () => {
    const t = await sentSurvey();
    expect((await t.reply('4', '+33799999999')).outcome).toBe('ignored');
    expect((await t.reply('bonjour')).outcome).toBe('ignored');
    expect((await t.reply('')).outcome).toBe('ignored');
    expect((await t.reply('not a number', 'abc')).outcome).toBe('ignored');
    t.setNow('2026-12-02T09:00:01Z');
    expect((await t.reply('4')).outcome).toBe('ignored');
    expect([...t.repository.surveys.values()][0]?.status).toBe('sent');
  });

  it('matches the number in any common notation', async () => {
    const t = await sentSurvey();
    expect((await t.reply('2', '06 12 34 56 78')).outcome).toBe('answered');
  });
});

describe('results', () => {
  it('aggregates sent, answered, rate, average, distribution, months and comments', async () => {
    const t = setup({ delayMinutes: 0, quiet: false });
    const phones = ['+33600000001', '+33600000002', '+33600000003', '+33600000004'];
    for (const phone of phones) await t.reception({ phone, personId: undefined });
    await t.dispatchAndSend();
    await t.reply('4 accueil chaleureux', phones[0]);
    await t.reply('5', phones[1]);
    await t.reply('2', phones[2]);
    const results = await makeSurveyResults(t.deps).execute({ organisationId: ORG, from: '2026-11-01', to: '2026-11-30' }, {
      id: 'u',
      roles: ['pilote'],
      organisationId: null,
    } as never);
    expect(results).toMatchObject({
      sent: 4,
      answered: 3,
      responseRate: 0.75,
      averageScore: 3.7,
      distribution: { '1': 0, '2': 1, '3': 0, '4': 1, '5': 1 },
      monthly: [{ month: '2026-11', sent: 4, answered: 3, averageScore: 3.7 }],
      comments: [{ score: 4, comment: 'accueil chaleureux', siteId: SITE }],
    });
    const none = await makeSurveyResults(t.deps).execute({ organisationId: ORG, from: '2026-10-01', to: '2026-10-31' }, {
      id: 'u',
      roles: ['pilote'],
      organisationId: null,
    } as never);
    expect(none).toMatchObject({ sent: 0, answered: 0, responseRate: 0, averageScore: null });
  });

  it('the coordinator sees any organisation; a partner its own only; reception agents, social workers and others nothing', () => {
    const actor = (roles: string[], organisationId: string | null) => ({ id: 'u', roles, organisationId }) as never;
    expect(resultsOrganisation(actor(['pilote'], null), ORG)).toBe(ORG);
    expect(() => resultsOrganisation(actor(['pilote'], null), undefined)).toThrow(/Choisissez la structure/);
    expect(resultsOrganisation(actor(['partenaire'], ORG), undefined)).toBe(ORG);
    expect(resultsOrganisation(actor(['partenaire'], ORG), ORG)).toBe(ORG);
    expect(() => resultsOrganisation(actor(['partenaire'], ORG), OTHER_ORG)).toThrow(/[Aa]ccès|interdit|droit/);
    expect(() => resultsOrganisation(actor(['accueil'], ORG), ORG)).toThrow(/[Aa]ccès|interdit|droit/);
    expect(() => resultsOrganisation(actor(['travailleur_social'], ORG), undefined)).toThrow(/[Aa]ccès|interdit|droit/);
    expect(() => resultsOrganisation(actor([], ORG), ORG)).toThrow();
  });
});
