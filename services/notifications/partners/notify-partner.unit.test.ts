import type { UnitOfWork } from '../../../shared/dynamo/unit-of-work';
import type {
  DeliveryLog,
  DeliveryReport,
  NotificationDeps,
  NotifiedOrganisation,
  ReferralFactsStore,
  TopicMessage,
  TransactionalWrite,
  WebhookDelivery,
} from './notifications.ports';
import { makeNotifyPartner, NotificationDeliveryError, webhookFailureReason } from './notify-partner.use-case';
import type { IncomingEvent, ReferralFacts } from './referral-events';

const CAF = '01HZCAF0000000000000000000';
const CCAS = '01HZCCAS000000000000000000';
const NOW = new Date('2025-03-03T09:00:05.000Z');
const SECRET = 'whsec_caf-secret';

/** In-memory ports: what was published, POSTed, logged and kept. */
function world(options: { webhookFails?: number; topicFails?: number; topicIsWrite?: boolean } = {}) {
  const organisations = new Map<string, NotifiedOrganisation>([
    [
      CAF,
      {
        id: CAF,
        name: 'CAF du Lot',
        notification: { email: 'orientations@caf.example.org', webhookUrl: 'https://caf.example.org/relais' },
      },
    ],
    [CCAS, { id: CCAS, name: 'CCAS de Gramat', notification: { sms: '+33565000000' } }],
  ]);
  const secrets = new Map([[CAF, SECRET]]);
  const published: TopicMessage[] = [];
  const posted: WebhookDelivery[] = [];
  /** What a topic that is a write (the local outbox) committed with its record. */
  const written: TransactionalWrite[] = [];
  /** `<eventId>/<key>` → state, as the DynamoDB log keeps it. */
  const deliveryState = new Map<string, 'sending' | 'sent' | 'in-doubt'>();
  /** `<eventId>/<key>` → lease end of a `sending` delivery; without one, the lease never ends. */
  const leaseUntil = new Map<string, number>();
  const facts = new Map<string, ReferralFacts>();
  const logs: Array<[string, Record<string, unknown>]> = [];
  let webhookFails = options.webhookFails ?? 0;
  let topicFails = options.topicFails ?? 0;
  const deliveries: DeliveryLog = {
    claim: async (eventId, key, now, leaseMs, inDoubt) => {
      const id = `${eventId}/${key}`;
      const state = deliveryState.get(id);
      if (state === 'sent') return 'done';
      if (state === 'in-doubt') return 'in-doubt';
      const expired = (leaseUntil.get(id) ?? Number.POSITIVE_INFINITY) < now.getTime();
      if (state === 'sending' && !expired) return 'busy';
      if (state === 'sending' && inDoubt === 'give-up') {
        deliveryState.set(id, 'in-doubt');
        return 'in-doubt';
      }
      deliveryState.set(id, 'sending');
      leaseUntil.set(id, now.getTime() + leaseMs);
      return 'claimed';
    },
    sendOnce: async (eventId, key, _at, write) => {
      if (deliveryState.has(`${eventId}/${key}`)) return 'done';
      deliveryState.set(`${eventId}/${key}`, 'sent');
      written.push(write);
      return 'sent';
    },
    complete: async (eventId, key) => {
      deliveryState.set(`${eventId}/${key}`, 'sent');
    },
    release: async (eventId, key) => {
      deliveryState.delete(`${eventId}/${key}`);
    },
  };
  let clock = NOW.getTime();
  let sleeps = 0;
  /** Lets a test hold the topic publication until it says so. */
  let topicGate: Promise<void> | undefined;
  const referrals: ReferralFactsStore = {
    get: async (id) => facts.get(id),
    save: (_uow, f) => {
      facts.set(f.referralId, f);
    },
  };
  const deps: NotificationDeps = {
    organisations: { getOrganisation: async (id) => organisations.get(id), getWebhookSecret: async (id) => secrets.get(id) },
    topic: {
      inDoubt: 'give-up',
      publish: async (m) => {
        await topicGate;
        if (topicFails-- > 0) throw Object.assign(new Error('SNS down'), { name: 'InternalErrorException' });
        published.push(m);
      },
      ...(options.topicIsWrite
        ? { asWrite: (m: TopicMessage) => ({ table: 'devoutbox', item: { channel: 'notification', to: m.organisationId } }) }
        : {}),
    },
    webhooks: {
      deliver: async (d) => {
        if (webhookFails-- > 0) throw Object.assign(new Error('no 2xx'), { name: 'WebhookDeliveryError' });
        posted.push(d);
        return { attempts: 1, status: 200 };
      },
    },
    deliveries,
    referrals,
    clock: { now: () => new Date(clock) },
    sleep: async (ms) => {
      sleeps++;
      clock += ms;
      await new Promise((resolve) => setImmediate(resolve));
    },
    answerLink: async (referralId, organisationId, _now, referralExpiresAt) => ({
      url: `http://localhost:3000/#/orientation/token-${referralId}-${organisationId}`,
      validUntil: new Date(referralExpiresAt ?? '2025-03-11T09:00:00.000Z'),
    }),
    log: { info: (m, f) => logs.push([m, f]), warn: (m, f) => logs.push([m, f]) },
  };
  return {
    deps,
    organisations,
    secrets,
    published,
    posted,
    deliveryState,
    leaseUntil,
    written,
    facts,
    logs,
    notify: makeNotifyPartner(deps),
    sleeps: () => sleeps,
    holdTopic: () => {
      let open = () => {};
      topicGate = new Promise<void>((resolve) => {
        open = resolve;
      });
      return () => {
        topicGate = undefined;
        open();
      };
    },
  };
}

const uow = {} as UnitOfWork;

const sentEvent = (eventId = '01HZEVENTSENT0000000000000'): IncomingEvent => ({
  detailType: 'ReferralSent',
  eventId,
  occurredAt: '2025-03-03T09:00:00.000Z',
  data: {
    referralId: 'R1',
    fromOrganisationId: CCAS,
    toOrganisationId: CAF,
    themes: ['sante'],
    urgency: 'urgent',
    sentAt: '2025-03-03T09:00:00.000Z',
    expiresAt: '2025-03-11T09:00:00.000Z',
    personId: '01HZPERSON0000000000000000',
  },
});

const statusEvent = (status: string, eventId = `01HZEVENT${status.toUpperCase().padEnd(17, '0')}`): IncomingEvent => ({
  detailType: 'ReferralStatusChanged',
  eventId,
  occurredAt: '2025-03-04T10:00:00.000Z',
  data: {
    referralId: 'R1',
    fromOrganisationId: CCAS,
    toOrganisationId: CAF,
    status,
    previousStatus: 'sent',
    at: '2025-03-04T10:00:00.000Z',
    byOrganisationId: CAF,
  },
});

describe('notify partner', () => {
  describe('right paths', () => {
    it('tells the receiving organisation of a sent referral on the topic and by signed webhook, with the answer link', async () => {
      const w = world();
      const report = await w.notify.execute(sentEvent(), uow);
      expect(report.delivered.sort()).toEqual([`${CAF}#topic`, `${CAF}#webhook`]);

      expect(w.published).toHaveLength(1);
      const [m] = w.published as [TopicMessage];
      expect(m).toMatchObject({ organisationId: CAF, kind: 'sent', audience: 'receiver', urgency: 'urgent' });
      expect(m.recipients).toEqual({ email: 'orientations@caf.example.org', sms: undefined });
      expect(m.subject).toBe('Relais – nouvelle orientation urgente du CCAS de Gramat');
      expect(m.text).toContain('http://localhost:3000/#/orientation/token-R1-01HZCAF');
      expect(m.text).toContain('- Santé');

      expect(w.posted).toHaveLength(1);
      const [d] = w.posted as [WebhookDelivery];
      expect(d).toMatchObject({
        eventId: '01HZEVENTSENT0000000000000',
        organisationId: CAF,
        url: 'https://caf.example.org/relais',
        secret: SECRET,
      });
      expect(JSON.parse(d.body)).toEqual({
        type: 'referral.sent',
        occurredAt: '2025-03-03T09:00:00.000Z',
        data: {
          referralId: 'R1',
          status: 'sent',
          fromOrganisationId: CCAS,
          toOrganisationId: CAF,
          themes: ['sante'],
          urgency: 'urgent',
          expiresAt: '2025-03-11T09:00:00.000Z',
          link: `http://localhost:3000/#/orientation/token-R1-${CAF}`,
        },
      });
    });

    it('never lets the person id into a message, a webhook or a log', async () => {
      const w = world();
      await w.notify.execute(sentEvent(), uow);
      expect(JSON.stringify([w.published, w.posted, w.logs, [...w.facts.values()]])).not.toContain('PERSON');
    });

    it('keeps the facts of a sent referral, and names its themes when telling the sender it was accepted', async () => {
      const w = world();
      await w.notify.execute(sentEvent(), uow);
      expect(w.facts.get('R1')).toMatchObject({ themes: ['sante'], urgency: 'urgent' });
      await w.notify.execute(statusEvent('accepted'), uow);
      const m = w.published.at(-1)!;
      expect(m).toMatchObject({ organisationId: CCAS, kind: 'status_changed', audience: 'sender', urgency: 'urgent' });
      expect(m.subject).toBe('Relais – orientation acceptée par la CAF du Lot');
      expect(m.text).toContain('Votre orientation du 3 mars 2025 vers la CAF du Lot a été acceptée le 4 mars 2025.');
      expect(m.text).toContain('- Santé');
      expect(m.text).not.toContain('/#/orientation/');
      expect(m.recipients).toEqual({ email: undefined, sms: '+33565000000' });
      // The sender has no webhook: only the topic.
      expect(w.posted).toHaveLength(1);
    });

    it('tells both organisations when the referral expires; the receiver’s webhook has no link', async () => {
      const w = world();
      await w.notify.execute(statusEvent('expired'), uow);
      expect(w.published.map((m) => [m.organisationId, m.audience])).toEqual([
        [CCAS, 'sender'],
        [CAF, 'receiver'],
      ]);
      expect(w.posted).toHaveLength(1);
      const body = JSON.parse(w.posted[0]!.body);
      expect(body).toMatchObject({ type: 'referral.status_changed', data: { status: 'expired', previousStatus: 'sent' } });
      expect(body.data).not.toHaveProperty('link');
      expect(body.data).not.toHaveProperty('themes');
    });

    it('reminds the receiving organisation with the link', async () => {
      const w = world();
      await w.notify.execute(
        {
          detailType: 'ReferralReminderDue',
          eventId: '01HZEVENTREMINDER000000000',
          occurredAt: '2025-03-07T09:00:00.000Z',
          data: { referralId: 'R1', fromOrganisationId: CCAS, toOrganisationId: CAF, expiresAt: '2025-03-11T09:00:00.000Z' },
        },
        uow,
      );
      expect(w.published.map((m) => [m.organisationId, m.kind])).toEqual([[CAF, 'reminder']]);
      expect(JSON.parse(w.posted[0]!.body)).toMatchObject({
        type: 'referral.reminder',
        data: { link: expect.stringContaining('token-R1') },
      });
    });

    it('does nothing for an event type it does not handle', async () => {
      const w = world();
      const report = await w.notify.execute(
        { detailType: 'ReceptionRecorded', eventId: 'E', occurredAt: '2025-03-03T09:00:00Z', data: {} },
        uow,
      );
      expect(report).toEqual({ delivered: [], skipped: [] });
      expect(w.published).toHaveLength(0);
    });
  });

  describe('wrong paths', () => {
    it('throws when a delivery fails, and on redelivery sends only what failed', async () => {
      const w = world({ webhookFails: 1 });
      await expect(w.notify.execute(sentEvent(), uow)).rejects.toThrow(NotificationDeliveryError);
      expect(w.published).toHaveLength(1);
      expect(w.posted).toHaveLength(0);

      const again = await w.notify.execute(sentEvent(), uow);
      expect(again).toEqual({ delivered: [`${CAF}#webhook`], skipped: [`${CAF}#topic`] });
      expect(w.published).toHaveLength(1);
      expect(w.posted).toHaveLength(1);
    });

    it('sends once when two copies of the event are handled at the same time: the second waits for the first', async () => {
      const w = world();
      const openTopic = w.holdTopic();
      const first = w.notify.execute(sentEvent(), uow);
      const second = w.notify.execute(sentEvent(), uow);
      // The second copy finds the topic message claimed and waits (polls) for the first.
      while (w.sleeps() < 3) await new Promise((resolve) => setImmediate(resolve));
      openTopic();
      const reports = await Promise.all([first, second]);
      expect(w.published).toHaveLength(1);
      expect(w.posted).toHaveLength(1);
      expect(reports.flatMap((r) => r.delivered).sort()).toEqual([`${CAF}#topic`, `${CAF}#webhook`]);
      expect(reports.flatMap((r) => r.skipped).sort()).toEqual([`${CAF}#topic`, `${CAF}#webhook`]);
    });

    it('gives up waiting for a copy that holds a delivery too long: this copy is redelivered later', async () => {
      const w = world();
      w.deliveryState.set(`01HZEVENTSENT0000000000000/${CAF}#topic`, 'sending');
      await expect(w.notify.execute(sentEvent(), uow)).rejects.toMatchObject({ name: 'NotificationDeliveryError', failed: 1 });
      expect(w.published).toHaveLength(0);
      expect(w.posted).toHaveLength(1);
    });

    it('does not publish a topic message again when the run that claimed it died (at most once): it is recorded in doubt', async () => {
      const w = world();
      const id = `01HZEVENTSENT0000000000000/${CAF}#topic`;
      w.deliveryState.set(id, 'sending');
      w.leaseUntil.set(id, NOW.getTime() - 1);
      const report = await w.notify.execute(sentEvent(), uow);
      expect(report).toEqual({ delivered: [`${CAF}#webhook`], skipped: [], inDoubt: [`${CAF}#topic`] });
      expect(w.published).toHaveLength(0);
      expect(w.deliveryState.get(id)).toBe('in-doubt');
      expect(w.logs.some(([m, f]) => m.includes('in doubt') && f.eventId === '01HZEVENTSENT0000000000000')).toBe(true);

      await w.notify.execute(sentEvent(), uow);
      expect(w.published).toHaveLength(0);
    });

    it('POSTs a webhook again when the run that claimed it died (at least once: the partner deduplicates on the event id)', async () => {
      const w = world();
      const id = `01HZEVENTSENT0000000000000/${CAF}#webhook`;
      w.deliveryState.set(id, 'sending');
      w.leaseUntil.set(id, NOW.getTime() - 1);
      const report = await w.notify.execute(sentEvent(), uow);
      expect(report.delivered.sort()).toEqual([`${CAF}#topic`, `${CAF}#webhook`]);
      expect(w.posted.map((p) => p.eventId)).toEqual(['01HZEVENTSENT0000000000000']);
      expect(w.deliveryState.get(id)).toBe('sent');
    });

    it('commits a topic that is a write with its record, so a redelivered event sends it once', async () => {
      const w = world({ topicIsWrite: true });
      const first = await w.notify.execute(sentEvent(), uow);
      expect(first.delivered.sort()).toEqual([`${CAF}#topic`, `${CAF}#webhook`]);
      const again = await w.notify.execute(sentEvent(), uow);
      expect(again).toEqual({ delivered: [], skipped: [`${CAF}#topic`, `${CAF}#webhook`] });
      expect(w.written).toEqual([{ table: 'devoutbox', item: { channel: 'notification', to: CAF } }]);
      expect(w.published).toHaveLength(0);
    });

    it('releases a failed delivery so the redelivery can make it', async () => {
      const w = world({ webhookFails: 1 });
      await expect(w.notify.execute(sentEvent(), uow)).rejects.toThrow(NotificationDeliveryError);
      expect(w.deliveryState.get(`01HZEVENTSENT0000000000000/${CAF}#webhook`)).toBeUndefined();
      expect(w.deliveryState.get(`01HZEVENTSENT0000000000000/${CAF}#topic`)).toBe('sent');
    });

    it('still POSTs the webhook when the topic fails, and retries only the topic', async () => {
      const w = world({ topicFails: 1 });
      await expect(w.notify.execute(sentEvent(), uow)).rejects.toMatchObject({ failed: 1, total: 2 });
      expect(w.posted).toHaveLength(1);
      await w.notify.execute(sentEvent(), uow);
      expect(w.published).toHaveLength(1);
      expect(w.posted).toHaveLength(1);
    });

    it('sends no unsigned webhook: without a secret only the topic is used', async () => {
      const w = world();
      w.secrets.delete(CAF);
      await w.notify.execute(sentEvent(), uow);
      expect(w.posted).toHaveLength(0);
      expect(w.published).toHaveLength(1);
      expect(w.logs.map(([m]) => m)).toContain('Webhook URL without a signing secret: webhook not sent');
    });

    it('skips an organisation missing from the directory, without failing (a retry would change nothing)', async () => {
      const w = world();
      w.organisations.delete(CAF);
      await expect(w.notify.execute(sentEvent(), uow)).resolves.toEqual({ delivered: [], skipped: [] });
      expect(w.logs.find(([m]) => m.startsWith('Referral notification for an organisation missing'))?.[1]).toEqual({
        eventId: '01HZEVENTSENT0000000000000',
        organisationId: CAF,
      });
    });

    it('names an unknown sender plainly', async () => {
      const w = world();
      w.organisations.delete(CCAS);
      await w.notify.execute(sentEvent(), uow);
      expect(w.published[0]?.subject).toBe('Relais – nouvelle orientation urgente d’une structure du réseau');
    });

    it('refuses a malformed event (retried, then dead-lettered) before sending anything', async () => {
      const w = world();
      await expect(w.notify.execute({ ...sentEvent(), data: { referralId: 'R1' } }, uow)).rejects.toThrow();
      expect(w.published).toHaveLength(0);
    });
  });
});

describe('delivery results told to intake (ADR 0034)', () => {
  const withReporter = (w: ReturnType<typeof world>) => {
    const told: DeliveryReport[][] = [];
    w.deps.reporter = { report: async (r) => void told.push(r) };
    return { notify: makeNotifyPartner(w.deps), told };
  };
  const brief = (r: DeliveryReport) => [r.channel, r.status, r.attempt, r.maxAttempts, r.reasonCode];

  it('reports each channel of the receiver delivered, for the request it answers, with no address', async () => {
    const w = world();
    const { notify, told } = withReporter(w);
    await notify.execute(sentEvent(), uow, { receiveCount: 1, maxReceiveCount: 5 });
    expect(told).toHaveLength(1);
    expect(told[0]!.map(brief).sort()).toEqual([
      ['email', 'delivered', 1, 5, undefined],
      ['webhook', 'delivered', 1, 5, undefined],
    ]);
    expect(told[0]![0]).toMatchObject({ referralId: 'R1', organisationId: CAF, requestedAt: '2025-03-03T09:00:00.000Z' });
    expect(JSON.stringify(told)).not.toMatch(/caf\.example\.org|@/);
  });

  it('reports a failing webhook as retried with its attempt, then failed with a reason code at the last delivery; e-mail stays delivered', async () => {
    const w = world({ webhookFails: 5 });
    const { notify, told } = withReporter(w);
    await expect(notify.execute(sentEvent(), uow, { receiveCount: 2, maxReceiveCount: 5 })).rejects.toThrow(NotificationDeliveryError);
    expect(told[0]!.map(brief).sort()).toEqual([
      ['email', 'delivered', 2, 5, undefined],
      ['webhook', 'retried', 2, 5, undefined],
    ]);
    await expect(notify.execute(sentEvent(), uow, { receiveCount: 5, maxReceiveCount: 5 })).rejects.toThrow(NotificationDeliveryError);
    expect(told[1]!.map(brief).sort()).toEqual([
      ['email', 'delivered', 5, 5, undefined],
      ['webhook', 'failed', 5, 5, 'unreachable'],
    ]);
  });

  it('names the webhook failure from the sender’s error: refused, timeout, unreachable, invalid address', () => {
    const error = (lastStatus?: number, lastError?: string) =>
      Object.assign(new Error('x'), { name: 'WebhookDeliveryError', lastStatus, lastError });
    expect(webhookFailureReason(error(500))).toBe('refused');
    expect(webhookFailureReason(error(undefined, 'TimeoutError'))).toBe('timeout');
    expect(webhookFailureReason(error(undefined, 'ECONNREFUSED'))).toBe('unreachable');
    expect(webhookFailureReason(error(undefined, 'EPRIVATEADDRESS'))).toBe('invalid_address');
    expect(webhookFailureReason(new Error('boom'))).toBe('other');
  });

  it('reports a webhook without a secret as failed at once (no_secret)', async () => {
    const w = world();
    w.secrets.delete(CAF);
    const { notify, told } = withReporter(w);
    await notify.execute(sentEvent(), uow);
    expect(told[0]!.map(brief).sort()).toEqual([
      ['email', 'delivered', 1, 5, undefined],
      ['webhook', 'failed', 1, 5, 'no_secret'],
    ]);
  });

  it('reports nothing for the sender’s notices (status changes are not deliveries of the referral)', async () => {
    const w = world();
    const { notify, told } = withReporter(w);
    await notify.execute(sentEvent(), uow);
    await notify.execute(statusEvent('accepted'), uow);
    expect(told).toHaveLength(1);
  });
});
