/**
 * The referral loop (issue 14, ADR 0026) over HTTP on the local stack: the partner without an
 * account does everything from the signed link (review, accept, close with an outcome), sees
 * whom to contact, and gets 410 once the referral has ended; the sender withdraws a pending
 * referral (never an accepted one) and re-sends the link; bad input names its field.
 */
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { LocalStack } from '../../infra/local/stack';
import { DEMO_ORGANISATIONS, DEMO_SITES, DEMO_USERS } from '../../services/directory/demo/lot-demo';
import { intakeDeps } from '../../services/intake/handlers/deps';
import { referralLink } from '../../services/intake/referral-link';
import { tableName } from '../../shared/config/settings';
import { ddb } from '../../shared/dynamo/client';
import { type Api, apiClient, startTestStack } from '../support/local-stack';
import { distinctName } from '../support/names';
import { waitFor } from '../support/wait';

jest.setTimeout(180_000);

let stack: LocalStack;
let api: Api;
const tokens: Record<string, string> = {};
const org = (type: string) => DEMO_ORGANISATIONS.find((o) => o.type === type)!;
const missionLocale = org('mission-locale');
const cpam = org('cpam');
const departement = org('departements');
const gramat = DEMO_USERS.find((u) => u.username === 'agent.gramat')!;

const call = (username: string, method: string, path: string, body?: unknown) => api.call(method, path, { token: tokens[username], body });
const paths = (res: { body: { errors?: Array<{ path: string }> } }) => (res.body.errors ?? []).map((e) => e.path).sort();

/** Events intake published (read back from its outbox items: a test may Scan, a request never). */
async function intakeEvents(detailType: string): Promise<Array<{ data: Record<string, unknown> }>> {
  const out = await ddb().send(
    new ScanCommand({
      TableName: tableName('intake', 'main'),
      FilterExpression: 'begins_with(pk, :p) AND detailType = :t',
      ExpressionAttributeValues: { ':p': 'OUTBOX#', ':t': detailType },
    }),
  );
  return (out.Items ?? []).map((i) => JSON.parse(i.detail as string));
}

async function person(sharing: boolean) {
  const res = await call('agent.gramat', 'POST', '/api/persons', {
    lastName: distinctName('Boucle'),
    firstName: 'Inès',
    birthDate: '1990-02-11',
    phone: '0611223344',
    email: 'ines@example.org',
    consents: { networkSharing: { given: sharing, method: 'oral' }, smsSurveys: { given: false } },
  });
  if (res.status !== 201) throw new Error(`person: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id as string;
}

async function refer(personId?: string) {
  const res = await call('agent.gramat', 'POST', '/api/referrals', {
    toOrganisationId: missionLocale.id,
    ...(personId ? { personId } : {}),
    themes: ['trouver-un-emploi'],
    reason: 'Recherche d’emploi',
    urgency: 'normal',
    liaisonNote: 'Jeune de 24 ans, sans permis ; souhaite une formation.',
  });
  if (res.status !== 201) throw new Error(`referral: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; sentAt: string };
}

beforeAll(async () => {
  stack = await startTestStack();
  api = apiClient(stack.url);
  for (const u of ['agent.gramat', 'partenaire.mission-locale', 'partenaire.caf']) tokens[u] = await api.token(u);
  await stack.drain();
  // The channels reach intake from the notifications service, one hop after the directory.
  for (const o of [missionLocale, cpam]) {
    await waitFor(async () => ((await intakeDeps.repository.getReach(o.id)).channelsVersion !== undefined ? true : undefined), 'channels');
  }
});

describe('reachability before sending', () => {
  it('says how each partner will be told, and refuses a referral nobody would receive without an offline choice', async () => {
    const ml = await call('agent.gramat', 'GET', `/api/organisations/${missionLocale.id}/reachability`);
    expect(ml.status).toBe(200);
    expect(ml.body).toEqual({ organisationId: missionLocale.id, reachable: true, channels: ['email'] });
    const none = await call('agent.gramat', 'GET', `/api/organisations/${cpam.id}/reachability`);
    expect(none.body).toEqual({ organisationId: cpam.id, reachable: false, channels: [] });
    // No address ever crosses: booleans only.
    expect(JSON.stringify(ml.body)).not.toContain('@');

    const body = {
      toOrganisationId: cpam.id,
      themes: ['sante'],
      reason: 'Complémentaire santé solidaire',
      urgency: 'normal',
      liaisonNote: 'Dossier à ouvrir.',
    };
    const refused = await call('agent.gramat', 'POST', '/api/referrals', body);
    expect(refused.status).toBe(422);
    expect(paths(refused)).toEqual(['body.toOrganisationId']);
    const phoned = await call('agent.gramat', 'POST', '/api/referrals', { ...body, offlineChannel: 'phone' });
    expect(phoned.status).toBe(201);
    expect(phoned.body).toMatchObject({ offlineChannel: 'phone', deliveries: [{ channel: 'phone', status: 'delivered' }] });
    const emailed = await refer();
    // The notifications service reports the e-mail's result back to the referral (ADR 0034).
    await stack.drain();
    await stack.drain();
    expect((await call('agent.gramat', 'GET', `/api/referrals/${emailed.id}`)).body.deliveries).toEqual([
      expect.objectContaining({ channel: 'email', status: 'delivered' }),
    ]);
    const unknown = await call('agent.gramat', 'GET', '/api/organisations/01KDVDZZZZZZZZZZZZZZZZZZZZ/reachability');
    expect(unknown.status).toBe(404);
  });
});

afterAll(async () => {
  await stack?.stop();
});

describe('the partner without an account, from the signed link alone', () => {
  it('reviews, accepts, then closes with service_delivered; the sender sees sent > in_review > accepted > closed', async () => {
    const personId = await person(true);
    const sent = await refer(personId);
    const token = referralLink(sent.id, missionLocale.id, new Date(sent.sentAt));
    const link = `/api/referral-links/${token}`;

    const read = await api.call('GET', link);
    expect(read.status).toBe(200);
    // She consented to sharing: her contact details are shown, with the sender's.
    expect(read.body).toMatchObject({
      status: 'sent',
      details: true,
      liaisonNote: expect.stringMatching(/formation/),
      person: { firstName: 'Inès', phone: '+33611223344', email: 'ines@example.org' },
      personContactShared: true,
      sender: { name: gramat.name, organisationName: departement.name },
    });

    expect((await api.call('POST', `${link}/review`, { body: {} })).body.status).toBe('in_review');
    const accepted = await api.call('POST', `${link}/accept`, { body: { comment: 'Rendez-vous mardi' } });
    expect(accepted.status).toBe(200);
    // Accepted, the link still shows whom to contact, and how to close it.
    expect(accepted.body).toMatchObject({ status: 'accepted', details: true, person: { phone: '+33611223344' } });
    const noOutcome = await api.call('POST', `${link}/close`, { body: { comment: 'Fait' } });
    expect(noOutcome.status).toBe(400);
    expect(paths(noOutcome)).toEqual(['body.outcome']);
    const closed = await api.call('POST', `${link}/close`, { body: { outcome: 'service_delivered', comment: 'Inscrite en formation' } });
    expect(closed.status).toBe(200);

    const seen = await call('agent.gramat', 'GET', `/api/referrals/${sent.id}`);
    expect(seen.body.history.map((h: { status: string }) => h.status).join(' > ')).toBe('sent > in_review > accepted > closed');
    expect(seen.body.history[3]).toMatchObject({ outcome: 'service_delivered', comment: 'Inscrite en formation', by: { via: 'link' } });
    const changes = (await intakeEvents('ReferralStatusChanged')).filter((e) => e.data.referralId === sent.id);
    expect(changes.map((e) => e.data.status).sort()).toEqual(['accepted', 'closed', 'in_review']);
    expect(changes.find((e) => e.data.status === 'closed')?.data.outcome).toBe('service_delivered');
    expect(JSON.stringify(changes)).not.toMatch(/formation|mardi/);

    // Ended: the link answers 410 saying whom to call, and nothing about her.
    const after = await api.call('GET', link);
    expect(after.status).toBe(410);
    expect(after.body.detail).toContain(departement.name);
    expect(JSON.stringify(after.body)).not.toMatch(/Inès|formation|\+33611223344/);
    expect((await api.call('POST', `${link}/accept`, { body: {} })).status).toBe(410);
  });

  it('shows the sender’s contact but not hers when she did not consent to sharing', async () => {
    const sent = await refer(await person(false));
    const read = await api.call('GET', `/api/referral-links/${referralLink(sent.id, missionLocale.id, new Date(sent.sentAt))}`);
    expect(read.status).toBe(200);
    expect(read.body.personContactShared).toBe(false);
    expect(read.body.person.phone).toBeUndefined();
    expect(read.body.person.email).toBeUndefined();
    // Whom to call: the sending site, with its public phone.
    const site = DEMO_SITES.find((s) => s.id === gramat.siteId)!;
    expect(read.body.sender).toMatchObject({
      name: gramat.name,
      organisationName: departement.name,
      siteName: site.name,
      phone: site.phone,
    });
  });

  it('declines only with a category, and reaches no other referral', async () => {
    const sent = await refer();
    const other = await refer();
    const token = referralLink(sent.id, missionLocale.id, new Date(sent.sentAt));
    const noCategory = await api.call('POST', `/api/referral-links/${token}/decline`, { body: { comment: 'Hors secteur' } });
    expect(noCategory.status).toBe(400);
    expect(paths(noCategory)).toEqual(['body.reasonCode']);
    const declined = await api.call('POST', `/api/referral-links/${token}/decline`, { body: { reasonCode: 'hors_competence' } });
    expect(declined.status).toBe(200);
    // The token moved its own referral only, not another one addressed to the same partner.
    expect((await call('agent.gramat', 'GET', `/api/referrals/${other.id}`)).body.status).toBe('sent');
  });
});

describe('the sender', () => {
  it('withdraws a pending referral with a reason; an accepted one is a 409 naming status', async () => {
    const pending = await refer();
    expect((await call('partenaire.mission-locale', 'POST', `/api/referrals/${pending.id}/withdraw`, { reason: 'x' })).status).toBe(403);
    const noReason = await call('agent.gramat', 'POST', `/api/referrals/${pending.id}/withdraw`, {});
    expect(noReason.status).toBe(400);
    expect(paths(noReason)).toEqual(['body.reason']);
    const withdrawn = await call('agent.gramat', 'POST', `/api/referrals/${pending.id}/withdraw`, { reason: 'Envoyée par erreur' });
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body.status).toBe('withdrawn');
    const change = (await intakeEvents('ReferralStatusChanged')).find((e) => e.data.referralId === pending.id);
    expect(change?.data).toMatchObject({ status: 'withdrawn', previousStatus: 'sent' });
    expect(JSON.stringify(change)).not.toContain('erreur');

    const accepted = await refer();
    await call('partenaire.mission-locale', 'POST', `/api/referrals/${accepted.id}/accept`, {});
    const late = await call('agent.gramat', 'POST', `/api/referrals/${accepted.id}/withdraw`, { reason: 'Trop tard' });
    expect(late.status).toBe(409);
    expect(paths(late)).toEqual(['status']);
  });

  it('re-sends the link: a new delivery is recorded and announced; never for an ended referral', async () => {
    const sent = await refer();
    expect((await call('partenaire.mission-locale', 'POST', `/api/referrals/${sent.id}/link`)).status).toBe(403);
    const resent = await call('agent.gramat', 'POST', `/api/referrals/${sent.id}/link`);
    expect(resent.status).toBe(200);
    expect(resent.body.deliveries.at(-1)).toMatchObject({ status: 'pending' });
    const requested = (await intakeEvents('ReferralLinkRequested')).filter((e) => e.data.referralId === sent.id);
    expect(requested).toHaveLength(1);
    expect(Date.parse(requested[0]!.data.linkValidUntil as string) - Date.parse(requested[0]!.data.at as string)).toBe(60 * 86_400_000);
    await call('agent.gramat', 'POST', `/api/referrals/${sent.id}/withdraw`, { reason: 'Plus utile' });
    const ended = await call('agent.gramat', 'POST', `/api/referrals/${sent.id}/link`);
    expect(ended.status).toBe(409);
    expect(paths(ended)).toEqual(['status']);
  });
});
