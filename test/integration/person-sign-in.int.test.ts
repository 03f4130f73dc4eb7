/**
 * « Mon espace »: the person signs in (issue 15, part A; ADR 0036), on the local stack and
 * DynamoDB Local: a 6-digit code sent to the phone or e-mail on her record (read back from the
 * local outbox), 401 with the tries left, 429 with the delay, an expired code refused, a code
 * used once; at most a few codes an hour to one contact; the same answer for a contact no record
 * has; her token (role `personne`, her id only) refused by the professionals' routes; the
 * invitation link by a professional who reads her whole file, single use.
 */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { decodeJwt } from 'jose';
import type { LocalStack } from '../../infra/local/stack';
import { codeKey } from '../../services/intake/store/sign-in.store';
import { verifyLocalToken } from '../../shared/auth/local-jwt';
import { tableName } from '../../shared/config/settings';
import { ddb } from '../../shared/dynamo/client';
import { type Api, apiClient, startTestStack } from '../support/local-stack';

jest.setTimeout(180_000);

let stack: LocalStack;
let api: Api;
const tokens: Record<string, string> = {};
const call = (username: string | null, method: string, path: string, body?: unknown) =>
  api.call(method, path, { token: username ? tokens[username] : undefined, body });

/** Numbers of this run: the E.164 form the record holds, and the way she types it. */
const run = String((Date.now() % 900) + 100);
const phone = (n: number) => ({
  e164: `+33611${run}${String(n).padStart(3, '0')}`,
  typed: `06 11 ${run.slice(0, 2)} ${run.slice(2)}${String(n).padStart(3, '0').slice(0, 1)} ${String(n).padStart(3, '0').slice(1)}`,
});

async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) await stack.drain();
}

let counter = 0;
async function person(contact: { phone?: string; email?: string }, recorder = 'agent.gramat', sharing = false) {
  counter++;
  const res = await call(recorder, 'POST', '/api/persons', {
    lastName: `Espace${String.fromCharCode(97 + counter)}${run.replace(/\d/g, (d) => String.fromCharCode(97 + Number(d)))}`,
    firstName: 'Nadia',
    birthDate: `198${counter % 10}-04-02`,
    ...contact,
    consents: { networkSharing: { given: sharing, method: 'oral' }, smsSurveys: { given: false } },
  });
  if (res.status !== 201) throw new Error(`person: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id as string;
}

/** The messages of the local outbox to this address (SMS or e-mail), oldest first. */
async function messagesTo(address: string, channel: 'sms' | 'notification' = 'sms'): Promise<string[]> {
  const res = await call('pilote', 'GET', `/api/dev/outbox?channel=${channel}&limit=200`);
  expect(res.status).toBe(200);
  return (res.body.items as Array<{ to: string; at: string; payload: { text: string } }>)
    .filter((i) => i.to === address)
    .sort((a, b) => a.at.localeCompare(b.at))
    .map((i) => i.payload.text);
}

const codeIn = (text: string | undefined) => /\b(\d{6})\b/.exec(text ?? '')?.[1];

async function askCode(contact: { phone?: string; email?: string }) {
  const res = await call(null, 'POST', '/api/me/person/code', contact);
  expect(res.status).toBe(202);
  expect(res.body).toBeUndefined();
}

beforeAll(async () => {
  stack = await startTestStack();
  api = apiClient(stack.url);
  for (const u of ['agent.gramat', 'agent.ccas-cahors', 'ts.figeac', 'pilote']) tokens[u] = await api.token(u);
});

afterAll(async () => {
  await stack?.stop();
});

describe('bad input', () => {
  it('lists every bad field: unknown ones, a bad phone, both contacts or none, a code that is not 6 digits', async () => {
    const unknown = await call(null, 'POST', '/api/me/person/code', { phone: '06 12 34 56 78', name: 'Nadia' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors.map((e: { path: string }) => e.path)).toContain('body.name');
    const badPhone = await call(null, 'POST', '/api/me/person/code', { phone: '12' });
    expect(badPhone.status).toBe(400);
    expect(badPhone.body.errors.map((e: { path: string }) => e.path)).toContain('body.phone');
    const both = await call(null, 'POST', '/api/me/person/code', { phone: '06 12 34 56 78', email: 'a@example.org' });
    expect(both.status).toBe(400);
    expect(both.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['body.email', 'body.phone']);
    const token = await call(null, 'POST', '/api/me/person/token', { phone: 'x', code: '12a', extra: 1 });
    expect(token.status).toBe(400);
    expect(token.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['body.code', 'body.extra', 'body.phone']);
    expect(token.body.code).toBe('kernel.validation');
    expect((await call(null, 'POST', '/api/me/person/token', { code: '123456' })).status).toBe(400);
  });
});

describe('the code', () => {
  it('is sent to the phone on her record (typed any way), and signs her in once; her token carries her id only', async () => {
    const { e164, typed } = phone(1);
    const id = await person({ phone: e164 });
    await askCode({ phone: typed });
    await settle();
    const sms = await messagesTo(e164);
    expect(sms).toHaveLength(1);
    expect(sms[0]).toMatch(/^\d{6} est votre code Relais pour Mon espace\. Il est valable 10 minutes\./);
    const code = codeIn(sms[0])!;
    const signedIn = await call(null, 'POST', '/api/me/person/token', { phone: typed, code });
    expect(signedIn.status).toBe(200);
    expect(signedIn.body.expiresIn).toBe(3600);
    const claims = decodeJwt(signedIn.body.accessToken);
    expect(claims['cognito:groups']).toEqual(['personne']);
    expect(claims['custom:personId']).toBe(id);
    expect(claims).not.toHaveProperty('name');
    expect(claims).not.toHaveProperty('custom:organisationId');
    expect(await verifyLocalToken(signedIn.body.accessToken)).toBeDefined();
    // The professionals' routes refuse her token.
    const as = { token: signedIn.body.accessToken as string };
    for (const path of [
      '/api/persons?q=espace',
      '/api/indicators',
      '/api/referrals?box=incoming',
      `/api/persons/${id}/history`,
      '/api/me',
    ]) {
      expect((await api.call('GET', path, as)).status).toBe(403);
    }
    // Used once.
    const again = await call(null, 'POST', '/api/me/person/token', { phone: e164, code });
    expect(again.status).toBe(401);
    // Nothing in the table holds the code in clear.
    expect(JSON.stringify(await stateOf('phone', e164))).not.toContain(code);
  });

  it('answers 401 with the tries left, then 429 with the delay after five wrong codes — even the right one waits', async () => {
    const { e164 } = phone(2);
    await person({ phone: e164 });
    await askCode({ phone: e164 });
    await settle();
    const code = codeIn((await messagesTo(e164))[0])!;
    const wrong = code === '000000' ? '111111' : '000000';
    const left: number[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await call(null, 'POST', '/api/me/person/token', { phone: e164, code: wrong });
      expect(res.status).toBe(401);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(res.body.code).toBe('intake.sign-in.code-invalid');
      left.push(res.body.attemptsLeft);
    }
    expect(left).toEqual([4, 3, 2, 1, 0]);
    const sixth = await call(null, 'POST', '/api/me/person/token', { phone: e164, code });
    expect(sixth.status).toBe(429);
    expect(sixth.body.code).toBe('intake.sign-in.too-many-attempts');
    expect(sixth.body.detail).toMatch(/attendez 15 minutes/);
    expect(Number(sixth.headers.get('retry-after'))).toBeGreaterThan(14 * 60);
    expect(sixth.body.retryAfterSeconds).toBe(Number(sixth.headers.get('retry-after')));
    // While she waits, no new code is sent either.
    await askCode({ phone: e164 });
    await settle();
    expect(await messagesTo(e164)).toHaveLength(1);
  });

  it('refuses an expired code (401)', async () => {
    const { e164 } = phone(3);
    await person({ phone: e164 });
    await askCode({ phone: e164 });
    await settle();
    const code = codeIn((await messagesTo(e164))[0])!;
    await ddb().send(
      new UpdateCommand({
        TableName: tableName('intake', 'main'),
        Key: codeKey('phone', e164),
        UpdateExpression: 'SET codeExpiresAt = :past',
        ExpressionAttributeValues: { ':past': new Date(Date.now() - 1000).toISOString() },
      }),
    );
    const res = await call(null, 'POST', '/api/me/person/token', { phone: e164, code });
    expect(res.status).toBe(401);
    expect(res.body.attemptsLeft).toBe(4);
  });

  it('sends at most 3 codes an hour to one contact, and nothing to a contact no record has (same answers)', async () => {
    const { e164 } = phone(4);
    await person({ phone: e164 });
    for (let i = 0; i < 4; i++) await askCode({ phone: e164 });
    const unknown = phone(5).e164;
    await askCode({ phone: unknown });
    await settle();
    expect(await messagesTo(e164)).toHaveLength(3);
    expect(await messagesTo(unknown)).toHaveLength(0);
    const guess = await call(null, 'POST', '/api/me/person/token', { phone: unknown, code: '123456' });
    expect(guess.status).toBe(401);
    expect(guess.body.attemptsLeft).toBe(4);
  });

  it('goes to the e-mail on her record when she signs in by e-mail (any case)', async () => {
    const email = `nadia.${run}@example.org`;
    const id = await person({ email });
    await askCode({ email: email.toUpperCase() });
    await settle();
    const mails = await messagesTo(email, 'notification');
    expect(mails).toHaveLength(1);
    const res = await call(null, 'POST', '/api/me/person/token', { email, code: codeIn(mails[0]) });
    expect(res.status).toBe(200);
    expect(decodeJwt(res.body.accessToken)['custom:personId']).toBe(id);
  });

  it('no longer reaches a phone removed from her record', async () => {
    const { e164 } = phone(6);
    const id = await person({ phone: e164 });
    const read = await call('agent.gramat', 'GET', `/api/persons/${id}/history`);
    const corrected = await call('agent.gramat', 'PATCH', `/api/persons/${id}`, {
      version: read.body.person.version,
      phone: null,
      reason: 'Téléphone perdu',
    });
    expect(corrected.status).toBe(200);
    await askCode({ phone: e164 });
    await settle();
    expect(await messagesTo(e164)).toHaveLength(0);
  });
});

describe('the invitation', () => {
  it('is given by a professional who reads her whole file: a single-use link, optionally by SMS to her phone', async () => {
    const { e164 } = phone(7);
    const id = await person({ phone: e164 });
    const res = await call('agent.gramat', 'POST', `/api/persons/${id}/invitation`, { sendBySms: true });
    expect(res.status).toBe(201);
    expect(res.body.sentBySms).toBe(true);
    expect(Date.parse(res.body.expiresAt) - Date.now()).toBeGreaterThan(71 * 3_600_000);
    const link = res.body.link as string;
    expect(link).toMatch(/\/mon-espace#\/invitation\/[\w-]+\.[\w-]+$/);
    await settle();
    const sms = await messagesTo(e164);
    expect(sms).toHaveLength(1);
    expect(sms[0]).toContain(link);
    const invitation = link.split('#/invitation/')[1]!;
    const signedIn = await call(null, 'POST', '/api/me/person/token', { invitation });
    expect(signedIn.status).toBe(200);
    expect(decodeJwt(signedIn.body.accessToken)['custom:personId']).toBe(id);
    const twice = await call(null, 'POST', '/api/me/person/token', { invitation });
    expect(twice.status).toBe(401);
    expect(twice.body.code).toBe('intake.sign-in.invitation-invalid');
    // A forged or altered one is no better.
    const altered = await call(null, 'POST', '/api/me/person/token', { invitation: `${invitation.slice(0, -2)}xx` });
    expect(altered.status).toBe(401);
  });

  it('is refused to a professional who only sees that she exists, to the coordinator, and for an unknown person', async () => {
    const id = await person({ phone: phone(8).e164 });
    const restricted = await call('agent.ccas-cahors', 'POST', `/api/persons/${id}/invitation`, {});
    expect(restricted.status).toBe(403);
    expect(restricted.body.code).toBe('intake.person.invite-forbidden');
    expect((await call('pilote', 'POST', `/api/persons/${id}/invitation`, {})).status).toBe(403);
    expect((await call('agent.gramat', 'POST', '/api/persons/01KDVDZZZZZZZZZZZZZZZZZZZZ/invitation', {})).status).toBe(404);
    const noPhone = await person({ email: `sans.${run}@example.org` });
    const sms = await call('agent.gramat', 'POST', `/api/persons/${noPhone}/invitation`, { sendBySms: true });
    expect(sms.status).toBe(422);
    const bad = await call('agent.gramat', 'POST', `/api/persons/${id}/invitation`, { sendBySms: 'oui', to: '0600000000' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['body.sendBySms', 'body.to']);
  });
});

async function stateOf(kind: 'phone' | 'email', value: string) {
  const { GetCommand } = await import('@aws-sdk/lib-dynamodb');
  const out = await ddb().send(new GetCommand({ TableName: tableName('intake', 'main'), Key: codeKey(kind, value), ConsistentRead: true }));
  return out.Item;
}
