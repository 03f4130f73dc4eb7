/**
 * Issue 18 point 7 (ADR 0041): a ProConnect agent's first sign-in leaves an account without a
 * role; the administrator lists it (with the SIRET it signed in for) and gives it a role and an
 * organisation; its next token opens the reception routes. On the local stack, whose
 * ProConnect-like sign-in (`POST /api/auth/dev/proconnect`) creates the pending account in
 * DynamoDB Local as the federated sign-in creates a pool user on AWS.
 */
import type { LocalStack } from '../../infra/local/stack';
import { DEMO_ORGANISATIONS, DEMO_USERS } from '../../services/directory/demo/lot-demo';
import { type Api, apiClient, startTestStack } from '../support/local-stack';

jest.setTimeout(180_000);

let stack: LocalStack;
let api: Api;
const departement = DEMO_ORGANISATIONS.find((o) => o.type === 'departements')!;
const admin = DEMO_USERS.find((u) => u.role === 'admin')!;
const AGENT = { email: 'anne.vidal@lot.gouv.fr', givenName: 'Anne', familyName: 'Vidal', siret: '22460001700016' };

const signIn = async (identity: typeof AGENT) => {
  const res = await api.call('POST', '/api/auth/dev/proconnect', { body: identity });
  expect(res.status).toBe(200);
  return res.body as { accessToken: string; account: { id: string; role?: string; organisationId?: string } };
};
const as = async (username: string, method: string, path: string, body?: unknown) =>
  api.call(method, path, { token: await api.token(username), body });
const pendingIds = async () => {
  const res = await as('admin', 'GET', '/api/accounts/pending');
  expect(res.status).toBe(200);
  return (res.body.items as { id: string }[]).map((a) => a.id);
};

beforeAll(async () => {
  stack = await startTestStack();
  api = apiClient(stack.url);
});

afterAll(async () => {
  await stack?.stop();
});

describe('accounts awaiting a role: listed, assigned by an administrator, opened at the next token', () => {
  it('refuses the pending account everything; the admin assigns it accueil at an organisation; its next token opens the reception routes', async () => {
    const first = await signIn(AGENT);
    expect(first.account.role).toBeUndefined();
    const refused = await api.call('GET', '/api/receptions', { token: first.accessToken });
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('kernel.account.pending');

    const listed = await as('admin', 'GET', '/api/accounts/pending');
    expect(listed.status).toBe(200);
    expect(listed.body.items).toContainEqual({
      id: first.account.id,
      email: AGENT.email,
      givenName: 'Anne',
      familyName: 'Vidal',
      siret: AGENT.siret,
      createdAt: expect.any(String),
    });
    // The demo users have their roles: never pending.
    for (const u of DEMO_USERS) expect(await pendingIds()).not.toContain(u.sub);

    // A pilote may neither list nor assign, and nothing is written.
    expect((await as('pilote', 'GET', '/api/accounts/pending')).status).toBe(403);
    const byPilote = await as('pilote', 'POST', `/api/accounts/${first.account.id}/assignment`, {
      role: 'accueil',
      organisationId: departement.id,
    });
    expect(byPilote.status).toBe(403);
    expect(await pendingIds()).toContain(first.account.id);
    expect((await signIn(AGENT)).account.role).toBeUndefined();

    const assigned = await as('admin', 'POST', `/api/accounts/${first.account.id}/assignment`, {
      role: 'accueil',
      organisationId: departement.id,
    });
    expect(assigned.status).toBe(201);
    expect(assigned.body).toEqual({
      id: first.account.id,
      role: 'accueil',
      organisationId: departement.id,
      assignedAt: expect.any(String),
    });
    expect(await pendingIds()).not.toContain(first.account.id);

    // The token signed before the assignment still has no role; the next one has it.
    expect((await api.call('GET', '/api/receptions', { token: first.accessToken })).status).toBe(403);
    const next = await signIn(AGENT);
    expect(next.account).toMatchObject({ role: 'accueil', organisationId: departement.id });
    const me = await api.call('GET', '/api/me', { token: next.accessToken });
    expect(me.body).toMatchObject({ id: first.account.id, roles: ['accueil'], organisationId: departement.id });
    const opened = await api.call('GET', '/api/receptions', { token: next.accessToken });
    expect(opened.status).toBe(200);

    // Once assigned, never again through this route.
    const again = await as('admin', 'POST', `/api/accounts/${first.account.id}/assignment`, {
      role: 'admin',
      organisationId: departement.id,
    });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('platform.account.already-assigned');
    expect((await signIn(AGENT)).account.role).toBe('accueil');
  });

  it('refuses the caller’s own account (403), a role that is not a staff role and an unknown organisation (422, both named), an unknown account (404)', async () => {
    const pending = await signIn({ email: 'marc.roux@lot.gouv.fr', givenName: 'Marc', familyName: 'Roux', siret: '22460001700016' });
    const own = await as('admin', 'POST', `/api/accounts/${admin.sub}/assignment`, { role: 'admin', organisationId: departement.id });
    expect(own.status).toBe(403);
    expect(own.body.code).toBe('platform.account.own');

    const invalid = await as('admin', 'POST', `/api/accounts/${pending.account.id}/assignment`, {
      role: 'personne',
      organisationId: '01KDVDZZZZZZZZZZZZZZZZZZZZ',
    });
    expect(invalid.status).toBe(422);
    expect(invalid.body.code).toBe('platform.assignment.invalid');
    expect(invalid.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['body.organisationId', 'body.role']);

    const malformed = await as('admin', 'POST', `/api/accounts/${pending.account.id}/assignment`, {
      role: 'accueil',
      organisationId: 'x',
      extra: 1,
    });
    expect(malformed.status).toBe(400);

    const unknown = await as('admin', 'POST', '/api/accounts/0b7e7a52-0000-4000-a000-000000000000/assignment', {
      role: 'accueil',
      organisationId: departement.id,
    });
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('platform.account.not-found');

    // A demo user has a role: 409, nothing changed.
    const demo = DEMO_USERS.find((u) => u.role === 'pilote')!;
    expect(
      (await as('admin', 'POST', `/api/accounts/${demo.sub}/assignment`, { role: 'admin', organisationId: departement.id })).status,
    ).toBe(409);
    expect(await pendingIds()).toContain(pending.account.id);
  });
});
