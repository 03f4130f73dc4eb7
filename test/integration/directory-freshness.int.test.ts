/**
 * Freshness of the directory (issue 16): the daily job asks partners to check their entries, the
 * signed link lets them confirm or correct without an account, reminders, expiry, the flag on
 * the public map. The job runs here with a fixed clock on DynamoDB Local; the links go through
 * the local stack's HTTP routes and the notifications service's consumer, as in production.
 */
import type { LocalStack } from '../../infra/local/stack';
import { DEMO_ORGANISATIONS } from '../../services/directory/demo/lot-demo';
import type { Site } from '../../services/directory/domain/directory.schema';
import { verifiedAt } from '../../services/directory/domain/freshness';
import { DynamoDirectoryRepository } from '../../services/directory/store/directory.repository';
import { makeRunReviews } from '../../services/directory/use-cases/review.use-cases';
import { UnitOfWork } from '../../shared/dynamo/unit-of-work';
import { newId } from '../../shared/validation/common.schema';
import { type Api, apiClient, startTestStack } from '../support/local-stack';

let stack: LocalStack;
let api: Api;
let repository: DynamoDirectoryRepository;

beforeAll(async () => {
  process.env.RELAIS_COORDINATION_CONTACT = 'Coordination Relais, 05 65 00 00 46';
  stack = await startTestStack();
  api = apiClient(stack.url);
  repository = new DynamoDirectoryRepository();
});

afterAll(async () => {
  await stack?.stop();
  delete process.env.RELAIS_COORDINATION_CONTACT;
});

const DAY = 86_400_000;
const NOW = new Date();
const monthsAgo = (n: number) => {
  const d = new Date(NOW);
  d.setUTCMonth(d.getUTCMonth() - n);
  return d;
};
const caf = DEMO_ORGANISATIONS.find((o) => o.type === 'caf')!;
const missionLocale = DEMO_ORGANISATIONS.find((o) => o.type === 'mission-locale')!;

/** A public site last verified at `verified` (written as the store holds it). */
async function oldSite(organisationId: string, kind: string, name: string, verified: Date): Promise<Site> {
  const site: Site = {
    id: newId(),
    organisationId,
    name,
    address: 'Place de la Mairie, 46230 Lalbenque',
    communeCode: '46156',
    location: { lon: 1.5466, lat: 44.3386 },
    locationSource: 'provided',
    openingHours: 'Mo-Fr 09:00-12:00',
    unconditionalReception: true,
    onPublicMap: true,
    themes: ['numerique'],
    accessibility: '',
    ...verifiedAt(verified, kind),
    version: 1,
    createdAt: verified.toISOString(),
    updatedAt: verified.toISOString(),
  };
  const uow = new UnitOfWork();
  repository.saveSite(uow, site, undefined);
  await uow.commit();
  return site;
}

const runJob = (at: Date) => makeRunReviews({ repository, clock: { now: () => at }, newId }).execute();

async function reviewMessages(reviewId: string) {
  await stack.drain();
  const res = await api.call('GET', '/api/dev/outbox?channel=notification&limit=200', { token: await api.token('pilote') });
  expect(res.status).toBe(200);
  return (res.body.items as Array<{ to: string; payload: Record<string, unknown> }>).filter(
    (m) => m.payload.kind === 'directory.review' && m.payload.reviewId === reviewId,
  );
}

const tokenOf = (link: unknown) => String(link).split('#/verification/')[1] ?? '';
const publicSite = async (id: string) => (await api.call('GET', '/api/public/sites')).body.items.find((s: { id: string }) => s.id === id);

describe('a site verified 7 months ago', () => {
  let site: Site;
  let token: string;

  it('is due: its partner gets one message with a signed link', async () => {
    site = await oldSite(caf.id, 'caf', 'Permanence CAF de Limogne', monthsAgo(7));
    const before = await api.call('GET', `/api/sites/${site.id}`, { token: await api.token('pilote') });
    expect(before.body).toMatchObject({ toVerify: false, lastVerifiedAt: site.lastVerifiedAt });
    expect(before.body.quality.missing).toContain('vérification à faire');

    const report = await runJob(NOW);
    expect(report.requested).toBeGreaterThanOrEqual(1);
    const [request] = (await repository.openReviews()).filter((r) => r.organisationId === caf.id);
    expect(request).toMatchObject({ siteIds: [site.id], status: 'sent' });
    const messages = await reviewMessages(request!.id);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ to: caf.id, payload: { organisationId: caf.id, reminder: 0, sites: 1 } });
    expect(String(messages[0]!.payload.text)).toContain('tout est juste');
    token = tokenOf(messages[0]!.payload.link);
    expect(token.length).toBeGreaterThan(16);

    // The next day's run asks nothing more of the same partner.
    await runJob(new Date(NOW.getTime() + DAY));
    expect(await reviewMessages(request!.id)).toHaveLength(1);
  });

  it('shows the partner its entries without an account, and refuses a forged link', async () => {
    const res = await api.call('GET', `/api/review-links/${token}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ organisationName: caf.name, status: 'sent', sites: [{ id: site.id, closed: false }] });
    const forged = await api.call('GET', `/api/review-links/${token.slice(0, -4)}AAAA`);
    expect(forged.status).toBe(401);
  });

  it('refuses a correction with invalid hours or phone, naming the field in French, and changes nothing', async () => {
    const res = await api.call('PATCH', `/api/review-links/${token}/sites/${site.id}`, {
      body: { version: 1, openingHours: 'lundi matin', phone: '05 65' },
    });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['body.openingHours', 'body.phone']);
    expect((await repository.getSite(site.id))?.version).toBe(1);
  });

  it('« tout est juste » from the link resets lastVerifiedAt', async () => {
    const res = await api.call('POST', `/api/review-links/${token}/confirm`);
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('confirmed');
    const after = await api.call('GET', `/api/sites/${site.id}`, { token: await api.token('pilote') });
    expect(Date.parse(after.body.lastVerifiedAt)).toBeGreaterThan(Date.parse(site.lastVerifiedAt!));
    expect(Date.parse(after.body.reviewDueAt)).toBeGreaterThan(Date.now() + 150 * DAY);
    expect(after.body.quality.missing).not.toContain('vérification à faire');
  });

  it('lets the partner correct the phone and close the site from the link: it leaves the map, never deleted', async () => {
    expect(await publicSite(site.id)).toBeDefined();
    const current = await repository.getSite(site.id);
    const res = await api.call('PATCH', `/api/review-links/${token}/sites/${site.id}`, {
      body: { version: current!.version, phone: '05 65 12 34 56', closed: true },
    });
    expect(res.status).toBe(200);
    expect(res.body.sites[0]).toMatchObject({ phone: '+33565123456', closed: true });
    expect(await publicSite(site.id)).toBeUndefined();
    expect(await repository.getSite(site.id)).toMatchObject({ phone: '+33565123456' });
  });
});

describe('an unanswered request', () => {
  it('is reminded at 7 and 21 days, then its link answers 410 with the coordinator’s contact, and the site is flagged', async () => {
    // Sent 31 days ago for a site then 8 months old (Mission locale: reviewed every 4 months).
    const sentAt = new Date(NOW.getTime() - 31 * DAY);
    const site = await oldSite(missionLocale.id, 'mission-locale', 'Antenne Mission locale de Lalbenque', monthsAgo(9));
    await runJob(sentAt);
    const [request] = (await repository.openReviews()).filter((r) => r.organisationId === missionLocale.id);
    expect(request).toBeDefined();
    const [first] = await reviewMessages(request!.id);
    const token = tokenOf(first!.payload.link);

    await runJob(new Date(sentAt.getTime() + 8 * DAY));
    await runJob(new Date(sentAt.getTime() + 9 * DAY));
    await runJob(new Date(sentAt.getTime() + 22 * DAY));
    const messages = await reviewMessages(request!.id);
    expect(messages.map((m) => m.payload.reminder)).toEqual(expect.arrayContaining([0, 7, 21]));
    expect(messages).toHaveLength(3);

    const expired = await api.call('GET', `/api/review-links/${token}`);
    expect(expired.status).toBe(410);
    expect(expired.body.detail).toContain('Coordination Relais, 05 65 00 00 46');
    expect((await api.call('POST', `/api/review-links/${token}/confirm`)).status).toBe(410);

    // The job closes it; the entry stays, flagged « information à vérifier » on the public map.
    const report = await runJob(NOW);
    expect(report.expired).toBeGreaterThanOrEqual(1);
    expect(report.toVerify).toBeGreaterThanOrEqual(1);
    expect((await repository.getReview(request!.id))?.status).toBe('unanswered');
    expect(await publicSite(site.id)).toMatchObject({ toVerify: true });
  });
});
