/**
 * Review campaigns and the coordinator's report of flagged entries (issue 16 point 1, ADR 0044).
 * The campaign is launched with a fixed clock on DynamoDB Local (the use case, as the route wires
 * it); the messages reach the notification outbox through the notifications service's consumer;
 * the partners answer through the review links' HTTP routes, and the progress is read back from
 * `GET /api/review-campaigns`.
 */
import type { LocalStack } from '../../infra/local/stack';
import { DEMO_TERRITORIES } from '../../services/parcours/demo/lot-territories';
import { DEMO_ORGANISATIONS, DEMO_SITES } from '../../services/directory/demo/lot-demo';
import type { Site } from '../../services/directory/domain/directory.schema';
import { verifiedAt } from '../../services/directory/domain/freshness';
import { DynamoDirectoryRepository } from '../../services/directory/store/directory.repository';
import { makeLaunchReviewCampaign } from '../../services/directory/use-cases/campaigns.use-cases';
import { makeRunReviews } from '../../services/directory/use-cases/review.use-cases';
import { UnitOfWork } from '../../shared/dynamo/unit-of-work';
import { newId } from '../../shared/validation/common.schema';
import { type Api, apiClient, startTestStack } from '../support/local-stack';
import { waitFor } from '../support/wait';

let stack: LocalStack;
let api: Api;
let repository: DynamoDirectoryRepository;

beforeAll(async () => {
  stack = await startTestStack();
  api = apiClient(stack.url);
  repository = new DynamoDirectoryRepository();
});

afterAll(async () => {
  await stack?.stop();
});

const DAY = 86_400_000;
/** The fixed clock of the launches (the links are answered through the routes, within their 30 days). */
const NOW = new Date(Math.floor(Date.now() / DAY) * DAY + 9 * 3600_000);
const launch = (at: Date, body: Parameters<ReturnType<typeof makeLaunchReviewCampaign>['execute']>[0]) =>
  makeLaunchReviewCampaign({ repository, clock: { now: () => at }, newId }).execute(body, {});

const CCAS = DEMO_ORGANISATIONS.filter((o) => o.type === 'ccas-cias');
const caf = DEMO_ORGANISATIONS.find((o) => o.type === 'caf')!;
const departement = DEMO_ORGANISATIONS.find((o) => o.type === 'departements')!;
const figeac = DEMO_TERRITORIES.find((t) => t.name === 'Territoire de Figeac')!;
const MESSAGE = 'Avant l’été, merci de vérifier vos horaires d’accueil.';

interface OutboxMessage {
  to: string;
  payload: Record<string, unknown>;
}
async function campaignMessages(campaignId: string, expected = 0): Promise<OutboxMessage[]> {
  await stack.drain();
  // The notifications consumer writes its outbox after the drain may return: wait for the count
  // the campaign reports (a missing message still fails, by timeout; an extra one, by the checks).
  if (expected > 0) {
    await waitFor(async () => ((await campaignMessages(campaignId)).length >= expected ? true : undefined), 'the campaign’s messages');
  }
  const res = await api.call('GET', '/api/dev/outbox?channel=notification&limit=200', { token: await api.token('pilote') });
  expect(res.status).toBe(200);
  return (res.body.items as OutboxMessage[]).filter((m) => m.payload.kind === 'directory.review' && m.payload.campaignId === campaignId);
}
/** The daily review job at a fixed time (its reminders are the campaign's too). */
const runReviews = (at: Date) => makeRunReviews({ repository, clock: { now: () => at }, newId }).execute();
const tokenOf = (link: unknown) => String(link).split('#/verification/')[1] ?? '';
const campaignOf = async (id: string) =>
  (await api.call('GET', '/api/review-campaigns', { token: await api.token('pilote') })).body.items.find(
    (c: { id: string }) => c.id === id,
  );

describe('a campaign for an organisation kind', () => {
  it('asks each partner of the kind once, with the link and the coordinator’s message; one confirms, one corrects → 1/1/N-2', async () => {
    expect(CCAS.length).toBeGreaterThanOrEqual(3);
    const campaign = await launch(NOW, { organisationKind: 'ccas-cias', message: MESSAGE });
    expect(campaign).toMatchObject({
      organisationKind: 'ccas-cias',
      message: MESSAGE,
      alreadyAsked: 0,
      progress: { sent: CCAS.length, confirmed: 0, corrected: 0, unanswered: CCAS.length },
    });
    expect(campaign.sites).toBe(DEMO_SITES.filter((s) => CCAS.some((o) => o.id === s.organisationId)).length);

    const messages = await campaignMessages(campaign.id, CCAS.length);
    expect(messages.map((m) => m.to).sort()).toEqual(CCAS.map((o) => o.id).sort());
    for (const m of messages) {
      expect(String(m.payload.text)).toContain(MESSAGE);
      expect(String(m.payload.text)).toContain('tout est juste');
    }

    // One partner confirms « tout est juste »; another corrects a site's phone.
    const [first, second] = messages;
    const confirmed = await api.call('POST', `/api/review-links/${tokenOf(first!.payload.link)}/confirm`);
    expect(confirmed.status).toBe(200);
    const link = tokenOf(second!.payload.link);
    const view = await api.call('GET', `/api/review-links/${link}`);
    expect(view.status).toBe(200);
    const site = view.body.sites[0];
    const corrected = await api.call('PATCH', `/api/review-links/${link}/sites/${site.id}`, {
      body: { version: site.version, phone: '05 65 12 34 56' },
    });
    expect(corrected.status).toBe(200);
    // Confirming again changes nothing.
    expect((await api.call('POST', `/api/review-links/${tokenOf(first!.payload.link)}/confirm`)).status).toBe(200);

    expect(await campaignOf(campaign.id)).toMatchObject({
      progress: { sent: CCAS.length, confirmed: 1, corrected: 1, unanswered: CCAS.length - 2 },
    });

    // The page of the link shows the coordinator's words too.
    expect((await api.call('GET', `/api/review-links/${tokenOf(messages[2]!.payload.link)}`)).body.coordinatorMessage).toBe(MESSAGE);

    // Seven days later the daily job reminds the partners who did not answer, with the coordinator's message;
    // the two who answered get no reminder.
    const answered = new Set([first!.to, second!.to]);
    const silent = CCAS.map((o) => o.id).filter((id) => !answered.has(id));
    const report = await runReviews(new Date(NOW.getTime() + 7 * DAY));
    expect(report.reminded).toBeGreaterThanOrEqual(silent.length);
    const reminders = (await campaignMessages(campaign.id, CCAS.length + silent.length)).filter((m) => m.payload.reminder === 7);
    expect(reminders.map((m) => m.to).sort()).toEqual(silent.sort());
    for (const m of reminders) {
      expect(m.payload.message).toBe(MESSAGE);
      expect(String(m.payload.subject)).toContain('rappel');
      expect(String(m.payload.text)).toContain(`« ${MESSAGE} »`);
      expect(String(m.payload.text)).toContain('Message de la coordination du réseau');
      expect(String(m.payload.sms)).toContain(
        'message de la coordination du réseau, "Avant l\'été, merci de vérifier vos horaires d\'accueil."',
      );
      expect(String(m.payload.text)).toContain(tokenOf(messages.find((first) => first.to === m.to)!.payload.link));
    }

    // Three days later, the same kind again: nobody is asked a second time within 7 days.
    const again = await launch(new Date(NOW.getTime() + 3 * DAY), { organisationKind: 'ccas-cias' });
    expect(again).toMatchObject({ alreadyAsked: CCAS.length, progress: { sent: 0 } });
    expect(await campaignMessages(again.id)).toHaveLength(0);
  });
});

describe('a campaign for a territory', () => {
  it('asks the partners with a site in the territory’s communes (the territory known from the parcours service’s event)', async () => {
    const territory = await repository.getTerritory(figeac.id);
    expect(territory?.communeCodes.length).toBeGreaterThan(50);
    const communes = new Set(territory!.communeCodes);
    const sites = DEMO_SITES.filter((s) => s.organisationId === departement.id && communes.has(s.communeCode));
    expect(sites.length).toBeGreaterThan(0);

    const campaign = await launch(NOW, { territoryId: figeac.id, organisationKind: 'departements' });
    expect(campaign).toMatchObject({ territoryName: 'Territoire de Figeac', sites: sites.length, progress: { sent: 1 } });
    const messages = await campaignMessages(campaign.id, 1);
    expect(messages.map((m) => m.to)).toEqual([departement.id]);
    expect(messages[0]!.payload.sites).toBe(sites.length);
  });
});

describe('bad input', () => {
  it('names both filters when neither is given, refuses an unknown territory or kind (422), and writes nothing', async () => {
    const token = await api.token('pilote');
    const before = (await api.call('GET', '/api/review-campaigns', { token })).body.items.length;
    const none = await api.call('POST', '/api/review-campaigns', { token, body: { message: 'Bonjour' } });
    expect(none.status).toBe(400);
    expect(none.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['body.organisationKind', 'body.territoryId']);
    const long = await api.call('POST', '/api/review-campaigns', { token, body: { organisationKind: 'caf', message: 'x'.repeat(501) } });
    expect(long.status).toBe(400);
    expect(long.body.errors.map((e: { path: string }) => e.path)).toEqual(['body.message']);
    const markup = await api.call('POST', '/api/review-campaigns', { token, body: { organisationKind: 'caf', message: '<b>vite</b>' } });
    expect(markup.status).toBe(400);
    const territory = await api.call('POST', '/api/review-campaigns', { token, body: { territoryId: '01KDVDZZZZZZZZZZZZZZZZZZZZ' } });
    expect(territory.status).toBe(422);
    expect(territory.body.code).toBe('directory.campaign.unknown-territory');
    const kind = await api.call('POST', '/api/review-campaigns', { token, body: { organisationKind: 'boulangerie' } });
    expect(kind.status).toBe(422);
    expect(kind.body.code).toBe('directory.campaign.unknown-kind');
    expect((await api.call('GET', '/api/review-campaigns', { token })).body.items).toHaveLength(before);
  });

  it('is the coordination’s: a partner is refused', async () => {
    const res = await api.call('POST', '/api/review-campaigns', {
      token: await api.token('partenaire.caf'),
      body: { organisationKind: 'caf' },
    });
    expect(res.status).toBe(403);
  });
});

describe('the report of flagged entries', () => {
  it('lists an entry past due by more than 60 days with its organisation, last verification, days overdue and the partner’s channels', async () => {
    const verified = new Date(Date.now() - 300 * DAY);
    const site: Site = {
      id: newId(),
      organisationId: caf.id,
      name: 'Permanence CAF de Cajarc',
      address: 'Place du Foirail, 46160 Cajarc',
      communeCode: '46045',
      location: { lon: 1.8413, lat: 44.4856 },
      locationSource: 'provided',
      openingHours: 'Tu 09:00-12:00',
      unconditionalReception: false,
      onPublicMap: true,
      themes: [],
      accessibility: '',
      ...verifiedAt(verified, 'caf'),
      version: 1,
      createdAt: verified.toISOString(),
      updatedAt: verified.toISOString(),
    };
    const uow = new UnitOfWork();
    repository.saveSite(uow, site, undefined);
    await uow.commit();

    const res = await api.call('GET', '/api/directory/flagged', { token: await api.token('pilote') });
    expect(res.status).toBe(200);
    const entry = res.body.items.find((e: { id: string }) => e.id === site.id);
    const overdue = Math.floor((Date.now() - Date.parse(site.reviewDueAt!)) / DAY);
    expect(entry).toMatchObject({
      kind: 'site',
      name: site.name,
      organisationName: caf.name,
      lastVerifiedAt: site.lastVerifiedAt,
      channels: { email: caf.notification.email, webhook: false },
    });
    expect(Math.abs(entry.daysOverdue - overdue)).toBeLessThanOrEqual(1);
    expect(entry.daysOverdue).toBeGreaterThan(60);
    // Fresh demo entries are not in it.
    expect(res.body.items.some((e: { id: string }) => DEMO_SITES.some((s) => s.id === e.id))).toBe(false);
    expect((await api.call('GET', '/api/directory/flagged', { token: await api.token('partenaire.caf') })).status).toBe(403);
  });
});
