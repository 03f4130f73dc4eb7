/**
 * Référent de parcours through HTTP on the local stack (API.md, Parcours; DOMAIN rule 3;
 * SECURITY.md): refused without the person's agreement, opened, members added, a goal with an
 * action, a stale version refused, a meeting with the person present, members-only reads, a
 * closing with its assessment that stays readable; intake lets members read the person's
 * history and stops when they are removed; overdue actions remind their owner once.
 */
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { LocalStack } from '../../infra/local/stack';
import { DEMO_ORGANISATIONS, DEMO_USERS } from '../../services/directory/demo/lot-demo';
import { DEMO_TERRITORIES } from '../../services/parcours/demo/lot-territories';
import { parcoursDeps } from '../../services/parcours/handlers/deps';
import { makeRemindOverdueActions } from '../../services/parcours/use-cases/reminders.use-cases';
import * as z from 'zod';
import { tableName } from '../../shared/config/settings';
import { ddb } from '../../shared/dynamo/client';
import { UnitOfWork } from '../../shared/dynamo/unit-of-work';
import { defineEvent } from '../../shared/events/envelope';
import { publishInTransaction } from '../../shared/events/outbox';
import { type Api, apiClient, startTestStack } from '../support/local-stack';
import { personKnownToParcours, waitFor } from '../support/wait';

jest.setTimeout(120_000);

let stack: LocalStack;
let api: Api;
const tokens: Record<string, string> = {};

const user = (username: string) => DEMO_USERS.find((u) => u.username === username)!;
const org = (type: string) => DEMO_ORGANISATIONS.find((o) => o.type === type)!;
const caf = org('caf');
const missionLocale = org('mission-locale');
const figeac = user('ts.figeac');
const souillac = user('cesf.souillac');
const cafAgent = user('partenaire.caf');
const UNKNOWN_ID = '01KDVDZZZZZZZZZZZZZZZZZZZZ';

const call = (username: string, method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
  api.call(method, path, { token: tokens[username], body, headers });

/** `sub` of a demo user, as the stack signs it (read back from /api/me). */
const ids: Record<string, string> = {};

async function parcoursEvents(detailType: string): Promise<Array<{ data: Record<string, unknown> }>> {
  const out = await ddb().send(
    new ScanCommand({
      TableName: tableName('parcours', 'main'),
      FilterExpression: 'begins_with(pk, :p) AND detailType = :t',
      ExpressionAttributeValues: { ':p': 'OUTBOX#', ':t': detailType },
    }),
  );
  return (out.Items ?? []).map((i) => JSON.parse(i.detail as string));
}

const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date());
const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T12:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

let counter = 0;
const lastNames = new Map<string, string>();
async function newPerson(): Promise<string> {
  counter++;
  const lastName = `Parcoursperson${String.fromCharCode(97 + (counter % 26))}${counter}`;
  const res = await call('agent.gramat', 'POST', '/api/persons', {
    lastName,
    firstName: 'Lucie',
    birthDate: '1975-02-03',
    communeCode: '46102',
    // No sharing consent: only the parcours membership lets a partner read the history.
    consents: { networkSharing: { given: false, method: 'oral' }, smsSurveys: { given: false } },
  });
  if (res.status !== 201) throw new Error(`person not created: ${res.status} ${JSON.stringify(res.body)}`);
  lastNames.set(res.body.id, lastName);
  await personKnownToParcours(res.body.id);
  return res.body.id as string;
}

/** What a search by her name says the caller may see of her history. */
async function sharingInSearch(username: string, personId: string): Promise<string | undefined> {
  const res = await call(username, 'GET', `/api/persons?q=${encodeURIComponent(lastNames.get(personId) ?? '')}`);
  return res.body.items.find((p: { id: string }) => p.id === personId)?.sharing;
}

const agreement = () => ({ referentChosenByPerson: true, sharingAccepted: true, date: today(), method: 'written' });

async function openParcours(personId: string, extra: Record<string, unknown> = {}) {
  const res = await call('ts.figeac', 'POST', '/api/parcours', {
    personId,
    referentUserId: ids['ts.figeac'],
    agreement: agreement(),
    ...extra,
  });
  if (res.status !== 201) throw new Error(`parcours not opened: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; referentMemberId: string; members: Array<{ id: string }> };
}

async function addCafMember(parcoursId: string) {
  const res = await call('ts.figeac', 'POST', `/api/parcours/${parcoursId}/members`, {
    userId: ids['partenaire.caf'],
    name: cafAgent.name,
    organisationId: caf.id,
    role: 'Conseillère CAF',
  });
  if (res.status !== 201) throw new Error(`member not added: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string };
}

const history = (username: string, personId: string) => call(username, 'GET', `/api/persons/${personId}/history`);

beforeAll(async () => {
  stack = await startTestStack();
  api = apiClient(stack.url);
  for (const u of ['agent.gramat', 'ts.figeac', 'cesf.souillac', 'partenaire.caf', 'partenaire.mission-locale', 'pilote']) {
    tokens[u] = await api.token(u);
    ids[u] = (await call(u, 'GET', '/api/me')).body.id;
  }
  await stack.drain();
});

afterAll(async () => {
  await stack?.stop();
});

describe('opening (rule 3: the person’s agreement)', () => {
  it('refuses a parcours without both agreements (422 naming each) and writes nothing', async () => {
    const personId = await newPerson();
    const without = await call('ts.figeac', 'POST', '/api/parcours', { personId, referentUserId: ids['ts.figeac'] });
    expect(without.status).toBe(422);
    expect(without.body.errors.map((e: { path: string }) => e.path)).toEqual(['body.agreement']);
    const half = await call('ts.figeac', 'POST', '/api/parcours', {
      personId,
      referentUserId: ids['ts.figeac'],
      agreement: { referentChosenByPerson: true, sharingAccepted: false, date: today() },
    });
    expect(half.status).toBe(422);
    expect(half.body.errors.map((e: { path: string }) => e.path)).toEqual(['body.agreement.sharingAccepted']);
    const mine = await call('ts.figeac', 'GET', '/api/parcours?mine=true&limit=200');
    expect(mine.body.items.filter((p: { personId: string }) => p.personId === personId)).toEqual([]);
  });

  it('lets only a social worker open one, as the référent the person chose', async () => {
    const personId = await newPerson();
    const body = { personId, referentUserId: ids['partenaire.caf'], agreement: agreement() };
    expect((await call('partenaire.caf', 'POST', '/api/parcours', body)).status).toBe(403);
    expect((await call('agent.gramat', 'POST', '/api/parcours', body)).status).toBe(403);
    expect((await call('pilote', 'POST', '/api/parcours', body)).status).toBe(403);
    const someoneElse = await call('ts.figeac', 'POST', '/api/parcours', body);
    expect(someoneElse.status).toBe(422);
    expect(someoneElse.body.errors.map((e: { path: string }) => e.path)).toEqual(['body.referentUserId']);
  });

  it('rejects malformed input with every bad field (400) and an unknown territory (422)', async () => {
    const bad = await call('ts.figeac', 'POST', '/api/parcours', {
      personId: 'nope',
      agreement: { referentChosenByPerson: 'yes', sharingAccepted: true, date: '2026-02-30' },
      colour: 'blue',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(
      ['body.agreement.date', 'body.agreement.referentChosenByPerson', 'body.colour', 'body.personId'].sort(),
    );
    const personId = await newPerson();
    const territory = await call('ts.figeac', 'POST', '/api/parcours', { personId, agreement: agreement(), territory: UNKNOWN_ID });
    expect(territory.status).toBe(422);
    expect(territory.body.errors.map((e: { path: string }) => e.path)).toEqual(['body.territory']);
  });

  it('opens with the agreement recorded, the référent as first member, in its territory, once per Idempotency-Key', async () => {
    const personId = await newPerson();
    const figeacTerritory = DEMO_TERRITORIES.find((t) => t.arrondissement === '462')!;
    const key = { 'Idempotency-Key': `open-${personId}` };
    const body = { personId, referentUserId: ids['ts.figeac'], agreement: agreement(), territory: figeacTerritory.id };
    const first = await call('ts.figeac', 'POST', '/api/parcours', body, key);
    expect(first.status).toBe(201);
    const again = await call('ts.figeac', 'POST', '/api/parcours', body, key);
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(first.body.id);
    expect(first.body).toMatchObject({
      personId,
      status: 'active',
      territoryId: figeacTerritory.id,
      agreement: { referentChosenByPerson: true, sharingAccepted: true, date: today(), method: 'written' },
      referent: { userId: ids['ts.figeac'], organisationId: figeac.organisationId },
      you: { isReferent: true },
    });
    expect(first.body.members).toHaveLength(1);
    const opened = (await parcoursEvents('ParcoursOpened')).filter((e) => e.data.parcoursId === first.body.id);
    expect(opened).toHaveLength(1);
    expect(opened[0]?.data).toEqual({
      parcoursId: first.body.id,
      personId,
      referentUserId: ids['ts.figeac'],
      referentOrganisationId: figeac.organisationId,
      territoryId: figeacTerritory.id,
      openedAt: first.body.openedAt,
    });
  });
});

describe('API.md’s flow end to end', () => {
  let personId: string;
  let parcoursId: string;
  let referentMemberId: string;
  let cafMemberId: string;
  let goal: { id: string; actions: Array<{ id: string; version: number }> };

  beforeAll(async () => {
    personId = await newPerson();
    const p = await openParcours(personId);
    parcoursId = p.id;
    referentMemberId = p.referentMemberId;
  });

  it('adds members from any organisation, Relais users or outside professionals; only the référent does', async () => {
    cafMemberId = (await addCafMember(parcoursId)).id;
    const outside = await call('ts.figeac', 'POST', `/api/parcours/${parcoursId}/members`, {
      name: 'Dr Martin',
      organisationId: missionLocale.id,
      role: 'Médecin traitant',
      since: today(),
    });
    expect(outside.status).toBe(201);
    expect(outside.body.userId).toBeUndefined();
    const byMember = await call('partenaire.caf', 'POST', `/api/parcours/${parcoursId}/members`, {
      name: 'X',
      organisationId: caf.id,
      role: 'Y',
    });
    expect(byMember.status).toBe(403);
    const added = (await parcoursEvents('ParcoursMemberAdded')).filter((e) => e.data.parcoursId === parcoursId);
    expect(added.map((e) => e.data.memberId).sort()).toEqual([referentMemberId, cafMemberId, outside.body.id].sort());
    // Events carry no names.
    expect(JSON.stringify(added)).not.toContain('Dr Martin');
  });

  it('adds a goal with an action owned by a member; refuses a non-member owner and a due date before the opening (422 naming them)', async () => {
    const bad = await call('ts.figeac', 'POST', `/api/parcours/${parcoursId}/goals`, {
      title: 'Retrouver un logement stable',
      actions: [
        { label: 'Dossier DALO', ownerMemberId: UNKNOWN_ID, dueDate: addDays(today(), 30) },
        { label: 'Visite', ownerMemberId: cafMemberId, dueDate: addDays(today(), -1) },
      ],
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: { path: string }) => e.path)).toEqual(['body.actions.0.ownerMemberId', 'body.actions.1.dueDate']);
    const res = await call('ts.figeac', 'POST', `/api/parcours/${parcoursId}/goals`, {
      title: 'Ouvrir les droits aux prestations familiales',
      actions: [{ label: 'Constituer le dossier CAF', ownerMemberId: cafMemberId, dueDate: addDays(today(), 14) }],
    });
    expect(res.status).toBe(201);
    goal = res.body;
    expect(goal.actions[0]).toMatchObject({ status: 'todo', version: 1, ownerMemberId: cafMemberId });
  });

  it('moves an action on the board with its version; a stale version is 409 and changes nothing', async () => {
    const action = goal.actions[0]!;
    const path = `/api/parcours/${parcoursId}/goals/${goal.id}/actions/${action.id}`;
    const doing = await call('partenaire.caf', 'PATCH', path, { status: 'doing', version: 1 });
    expect(doing.status).toBe(200);
    expect(doing.body).toMatchObject({ status: 'doing', version: 2 });
    const stale = await call('ts.figeac', 'PATCH', path, { status: 'done', version: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.errors[0].path).toBe('body.version');
    const badStatus = await call('ts.figeac', 'PATCH', path, { status: 'finished', version: 2 });
    expect(badStatus.status).toBe(400);
    expect(badStatus.body.errors.map((e: { path: string }) => e.path)).toEqual(['body.status']);
    const read = await call('ts.figeac', 'GET', `/api/parcours/${parcoursId}`);
    expect(read.body.goals[0].actions[0]).toMatchObject({ status: 'doing', version: 2 });
  });

  it('records a meeting with the person present; a decision becomes an action; a non-member participant is 422', async () => {
    const bad = await call('ts.figeac', 'POST', `/api/parcours/${parcoursId}/meetings`, {
      date: today(),
      participants: [referentMemberId, UNKNOWN_ID],
      notes: 'x',
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: { path: string }) => e.path)).toEqual(['body.participants.1']);
    const res = await call('ts.figeac', 'POST', `/api/parcours/${parcoursId}/meetings`, {
      date: today(),
      personPresent: true,
      participants: [referentMemberId, cafMemberId],
      notes: 'Point sur les démarches engagées.',
      decisions: [
        'Se revoir dans un mois',
        {
          label: 'Prendre rendez-vous avec l’assistante sociale CAF',
          goalId: goal.id,
          ownerMemberId: cafMemberId,
          dueDate: addDays(today(), 7),
        },
      ],
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ personPresent: true, participants: [referentMemberId, cafMemberId] });
    expect(res.body.decisions[1].actionId).toBeDefined();
    const read = await call('partenaire.caf', 'GET', `/api/parcours/${parcoursId}`);
    expect(read.body.meetings).toHaveLength(1);
    expect(read.body.goals[0].actions.map((a: { fromMeetingId?: string }) => a.fromMeetingId)).toEqual([undefined, res.body.id]);
    const held = (await parcoursEvents('MeetingHeld')).filter((e) => e.data.parcoursId === parcoursId);
    expect(held.map((e) => e.data)).toEqual([
      { parcoursId, meetingId: res.body.id, date: today(), personPresent: true, participantCount: 2 },
    ]);
  });

  it('is read by members only: a member partner reads it, a non-member gets 403, the coordinator too', async () => {
    const member = await call('partenaire.caf', 'GET', `/api/parcours/${parcoursId}`);
    expect(member.status).toBe(200);
    expect(member.body.you).toEqual({ memberId: cafMemberId, isReferent: false });
    expect((await call('partenaire.mission-locale', 'GET', `/api/parcours/${parcoursId}`)).status).toBe(403);
    expect((await call('cesf.souillac', 'GET', `/api/parcours/${parcoursId}`)).status).toBe(403);
    expect((await call('pilote', 'GET', `/api/parcours/${parcoursId}`)).status).toBe(403);
    expect((await call('ts.figeac', 'GET', `/api/parcours/${UNKNOWN_ID}`)).status).toBe(404);
    const mine = await call('partenaire.caf', 'GET', '/api/parcours?mine=true');
    expect(mine.body.items.map((p: { id: string }) => p.id)).toContain(parcoursId);
    const notMine = await call('partenaire.mission-locale', 'GET', '/api/parcours?mine=true');
    expect(notMine.body.items.map((p: { id: string }) => p.id)).not.toContain(parcoursId);
  });

  it('keeps journal entries for the référent only away from other members', async () => {
    const all = await call('partenaire.caf', 'POST', `/api/parcours/${parcoursId}/journal`, { text: 'Dossier reçu complet.' });
    expect(all.status).toBe(201);
    const privateEntry = await call('ts.figeac', 'POST', `/api/parcours/${parcoursId}/journal`, {
      text: 'Note pour moi seul.',
      visibility: 'referent',
    });
    expect(privateEntry.status).toBe(201);
    const asReferent = await call('ts.figeac', 'GET', `/api/parcours/${parcoursId}`);
    expect(asReferent.body.journal.map((e: { id: string }) => e.id).sort()).toEqual([all.body.id, privateEntry.body.id].sort());
    const asMember = await call('partenaire.caf', 'GET', `/api/parcours/${parcoursId}`);
    expect(asMember.body.journal.map((e: { id: string }) => e.id)).toEqual([all.body.id]);
    expect((await call('partenaire.mission-locale', 'POST', `/api/parcours/${parcoursId}/journal`, { text: 'x' })).status).toBe(403);
  });

  it('suspends and resumes (référent only)', async () => {
    expect((await call('partenaire.caf', 'POST', `/api/parcours/${parcoursId}/suspend`, { reason: 'Hospitalisation' })).status).toBe(403);
    const suspended = await call('ts.figeac', 'POST', `/api/parcours/${parcoursId}/suspend`, { reason: 'Hospitalisation' });
    expect(suspended.body.status).toBe('suspended');
    expect((await call('ts.figeac', 'POST', `/api/parcours/${parcoursId}/suspend`, { reason: 'encore' })).status).toBe(409);
    const resumed = await call('ts.figeac', 'POST', `/api/parcours/${parcoursId}/resume`, {});
    expect(resumed.body.status).toBe('active');
  });

  it('refuses to close without an outcome for every goal (422 naming the goal), then closes with the assessment, which stays readable', async () => {
    const missing = await call('ts.figeac', 'POST', `/api/parcours/${parcoursId}/close`, {
      reason: 'Objectifs atteints',
      goals: [],
      personView: 'Je me sens mieux accompagnée.',
    });
    expect(missing.status).toBe(422);
    expect(missing.body.errors).toEqual([{ path: 'body.goals', message: expect.stringContaining(goal.id) }]);
    const noView = await call('ts.figeac', 'POST', `/api/parcours/${parcoursId}/close`, { reason: 'x', goals: [] });
    expect(noView.status).toBe(400);
    expect(noView.body.errors.map((e: { path: string }) => e.path)).toEqual(['body.personView']);
    expect(
      (
        await call('partenaire.caf', 'POST', `/api/parcours/${parcoursId}/close`, {
          reason: 'x',
          goals: [{ goalId: goal.id, outcome: 'achieved' }],
          personView: 'x',
        })
      ).status,
    ).toBe(403);
    const closed = await call('ts.figeac', 'POST', `/api/parcours/${parcoursId}/close`, {
      reason: 'Objectifs atteints',
      goals: [{ goalId: goal.id, outcome: 'partly', comment: 'Droits ouverts, logement en attente' }],
      personView: 'Je me sens mieux accompagnée, merci à tous.',
    });
    expect(closed.status).toBe(200);
    expect(closed.body.status).toBe('closed');
    const read = await call('partenaire.caf', 'GET', `/api/parcours/${parcoursId}`);
    expect(read.status).toBe(200);
    expect(read.body.closing).toMatchObject({
      reason: 'Objectifs atteints',
      personView: 'Je me sens mieux accompagnée, merci à tous.',
      goals: [{ goalId: goal.id, outcome: 'partly', comment: 'Droits ouverts, logement en attente' }],
    });
    expect((await call('ts.figeac', 'POST', `/api/parcours/${parcoursId}/journal`, { text: 'après' })).status).toBe(409);
    const event = (await parcoursEvents('ParcoursClosed')).find((e) => e.data.parcoursId === parcoursId);
    expect(event?.data).toMatchObject({
      personId,
      referentOrganisationId: figeac.organisationId,
      withAssessment: true,
      outcomes: { achieved: 0, partly: 1, notAchieved: 0 },
    });
    expect(JSON.stringify(event)).not.toContain('accompagnée');
  });
});

describe('members read the person’s history through intake', () => {
  it('lets a member partner read the history, and stops when the member is removed', async () => {
    const personId = await newPerson();
    expect((await history('partenaire.caf', personId)).status).toBe(403);
    const p = await openParcours(personId);
    const member = await addCafMember(p.id);
    await stack.drain();
    const read = await waitFor(async () => {
      const res = await history('partenaire.caf', personId);
      return res.status === 200 ? res : undefined;
    }, 'intake to learn the membership');
    expect(read.body.restricted).toBe(false);
    expect(read.body.parcours).toEqual([
      expect.objectContaining({
        parcoursId: p.id,
        status: 'open',
        referentOrganisationId: figeac.organisationId,
        members: expect.arrayContaining([expect.objectContaining({ organisationId: caf.id, role: 'Conseillère CAF', referent: false })]),
      }),
    ]);
    expect(read.body.professionals).toEqual(
      expect.arrayContaining([expect.objectContaining({ organisationId: caf.id, role: 'Conseillère CAF' })]),
    );
    // A non-member partner still cannot.
    expect((await history('partenaire.mission-locale', personId)).status).toBe(403);
    expect(await sharingInSearch('partenaire.caf', personId)).toBe('full');

    const removed = await call('ts.figeac', 'POST', `/api/parcours/${p.id}/members/${member.id}/remove`, { reason: 'Droits ouverts' });
    expect(removed.status).toBe(200);
    expect(removed.body.removedAt).toBeDefined();
    await stack.drain();
    await waitFor(
      async () => ((await history('partenaire.caf', personId)).status === 403 ? true : undefined),
      'the removal to reach intake',
    );
    expect(await sharingInSearch('partenaire.caf', personId)).toBe('restricted');
    expect((await call('partenaire.caf', 'GET', `/api/parcours/${p.id}`)).status).toBe(403);
    const mine = await call('partenaire.caf', 'GET', '/api/parcours?mine=true&limit=200');
    expect(mine.body.items.map((x: { id: string }) => x.id)).not.toContain(p.id);
  });

  it('refuses to remove the référent or a member who still owns open actions (422)', async () => {
    const personId = await newPerson();
    const p = await openParcours(personId);
    const member = await addCafMember(p.id);
    await call('ts.figeac', 'POST', `/api/parcours/${p.id}/goals`, {
      title: 'Budget',
      actions: [{ label: 'Point budget', ownerMemberId: member.id, dueDate: addDays(today(), 3) }],
    });
    const owner = await call('ts.figeac', 'DELETE', `/api/parcours/${p.id}/members/${member.id}`);
    expect(owner.status).toBe(422);
    const referent = await call('ts.figeac', 'DELETE', `/api/parcours/${p.id}/members/${p.referentMemberId}`);
    expect(referent.status).toBe(422);
  });

  it('records the person’s change of référent with its reason; the new one must be a social worker member', async () => {
    const personId = await newPerson();
    const p = await openParcours(personId);
    const notMember = await call('cesf.souillac', 'POST', `/api/parcours/${p.id}/referent`, {
      reason: 'La personne a déménagé',
      agreement: { date: today(), method: 'oral' },
    });
    expect(notMember.status).toBe(403);
    const added = await call('ts.figeac', 'POST', `/api/parcours/${p.id}/members`, {
      userId: ids['cesf.souillac'],
      name: souillac.name,
      organisationId: souillac.organisationId,
      role: 'CESF',
    });
    expect(added.status).toBe(201);
    const changed = await call('cesf.souillac', 'POST', `/api/parcours/${p.id}/referent`, {
      reason: 'La personne a déménagé à Souillac',
      agreement: { date: today(), method: 'oral' },
    });
    expect(changed.status).toBe(200);
    const read = await call('cesf.souillac', 'GET', `/api/parcours/${p.id}`);
    expect(read.body.you.isReferent).toBe(true);
    expect(read.body.referentChanges).toEqual([
      expect.objectContaining({ reason: 'La personne a déménagé à Souillac', previousReferentUserId: ids['ts.figeac'] }),
    ]);
    const event = (await parcoursEvents('ParcoursReferentChanged')).find((e) => e.data.parcoursId === p.id);
    expect(event?.data).toMatchObject({ previousReferentUserId: ids['ts.figeac'], referentUserId: ids['cesf.souillac'] });
    // The former référent is still a member, no longer the référent.
    expect((await call('ts.figeac', 'POST', `/api/parcours/${p.id}/suspend`, { reason: 'x' })).status).toBe(403);
  });
});

describe('overdue actions', () => {
  it('reminds the owner of an overdue action once, in the local outbox', async () => {
    const personId = await newPerson();
    const p = await openParcours(personId);
    const member = await addCafMember(p.id);
    const dueDate = addDays(today(), 2);
    const goal = await call('ts.figeac', 'POST', `/api/parcours/${p.id}/goals`, {
      title: 'Santé',
      actions: [
        { label: 'Rendez-vous CPAM', ownerMemberId: member.id, dueDate },
        { label: 'Déjà fait', ownerMemberId: member.id, dueDate },
      ],
    });
    const done = goal.body.actions[1];
    await call('partenaire.caf', 'PATCH', `/api/parcours/${p.id}/goals/${goal.body.id}/actions/${done.id}`, { status: 'done', version: 1 });

    // The schedule's job, with the clock five days on.
    const later = new Date(Date.now() + 5 * 86_400_000);
    const remind = makeRemindOverdueActions({ ...parcoursDeps, clock: { now: () => later } });
    const first = await remind.execute();
    expect(first.reminded).toBeGreaterThanOrEqual(1);
    await stack.drain();
    const actionId = goal.body.actions[0].id;
    const notices = await waitFor(async () => {
      const res = await call('pilote', 'GET', '/api/dev/outbox?channel=notification&limit=200');
      const mine = res.body.items.filter((i: { payload: { actionId?: string } }) => i.payload.actionId === actionId);
      return mine.length ? mine : undefined;
    }, 'the reminder in the outbox');
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({
      to: ids['partenaire.caf'],
      payload: { kind: 'parcours.action.overdue', parcoursId: p.id, dueDate, to: { organisationId: caf.id, memberId: member.id } },
    });
    expect(notices[0].payload.text).toContain(p.id);
    expect(notices[0].payload.text).not.toContain('Rendez-vous CPAM');
    // The done action is never reminded.
    const all = await call('pilote', 'GET', '/api/dev/outbox?channel=notification&limit=200');
    expect(all.body.items.filter((i: { payload: { actionId?: string } }) => i.payload.actionId === done.id)).toEqual([]);

    // Once only: a second run finds nothing more for this action.
    await remind.execute();
    await stack.drain();
    const again = await call('pilote', 'GET', '/api/dev/outbox?channel=notification&limit=200');
    expect(again.body.items.filter((i: { payload: { actionId?: string } }) => i.payload.actionId === actionId)).toHaveLength(1);
    const read = await call('partenaire.caf', 'GET', `/api/parcours/${p.id}`);
    expect(read.body.goals[0].actions[0].remindedAt).toBeDefined();
  });
});

describe('territories', () => {
  it('lists the demo territories covering the 312 communes of the Lot once each, with the deployment', async () => {
    const res = await call('partenaire.caf', 'GET', '/api/territories');
    expect(res.status).toBe(200);
    const codes = res.body.items.flatMap((t: { communeCodes: string[] }) => t.communeCodes);
    expect(codes).toHaveLength(312);
    expect(new Set(codes).size).toBe(312);
    expect(res.body.items.filter((t: { referentDeployed: boolean }) => t.referentDeployed).map((t: { name: string }) => t.name)).toEqual([
      'Territoire de Figeac',
      'Territoire de Gourdon',
    ]);
  });

  it('lets the coordinator create and change a territory (a commune in two territories is 422, a stale version 409)', async () => {
    expect((await call('ts.figeac', 'POST', '/api/territories', { name: 'X', communeCodes: ['46042'] })).status).toBe(403);
    const clash = await call('pilote', 'POST', '/api/territories', { name: 'Autre', communeCodes: ['46042'] });
    expect(clash.status).toBe(422);
    expect(clash.body.errors[0].path).toBe('body.communeCodes');
    const created = await call('pilote', 'POST', '/api/territories', { name: 'Hors Lot (essai)', communeCodes: ['12202'] });
    expect(created.status).toBe(201);
    const patched = await call('pilote', 'PATCH', `/api/territories/${created.body.id}`, {
      version: 1,
      referentDeployed: true,
      deployedOn: today(),
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ version: 2, referentDeployed: true, deployedOn: today() });
    expect((await call('pilote', 'PATCH', `/api/territories/${created.body.id}`, { version: 1, name: 'Y' })).status).toBe(409);
    const events = (await parcoursEvents('TerritoryChanged')).filter((e) => e.data.territoryId === created.body.id);
    expect(events.map((e) => e.data.version).sort()).toEqual([1, 2]);
  });
});

describe('erasure (rule 6)', () => {
  it('deletes the parcours of a person intake erased, with its meetings and journal', async () => {
    const personId = await newPerson();
    const p = await openParcours(personId);
    const member = await addCafMember(p.id);
    await call('ts.figeac', 'POST', `/api/parcours/${p.id}/journal`, { text: 'Note' });
    await call('ts.figeac', 'POST', `/api/parcours/${p.id}/meetings`, {
      date: today(),
      participants: [p.referentMemberId, member.id],
      notes: 'n',
    });
    const other = await openParcours(await newPerson());
    // What intake will publish (contracts.md): written to its outbox as intake would.
    const PersonErased = defineEvent('relais.intake', 'PersonErased', z.object({ personId: z.string(), at: z.string() }));
    const uow = new UnitOfWork();
    publishInTransaction(uow, tableName('intake', 'main'), PersonErased.create({ personId, at: new Date().toISOString() }));
    await uow.commit();
    await stack.drain();
    await waitFor(async () => ((await call('ts.figeac', 'GET', `/api/parcours/${p.id}`)).status === 404 ? true : undefined), 'the erasure');
    const left = await ddb().send(
      new ScanCommand({
        TableName: tableName('parcours', 'main'),
        FilterExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `PARCOURS#${p.id}` },
      }),
    );
    expect(left.Items).toEqual([]);
    const mine = await call('partenaire.caf', 'GET', '/api/parcours?mine=true&limit=200');
    expect(mine.body.items.map((x: { id: string }) => x.id)).not.toContain(p.id);
    expect((await call('ts.figeac', 'GET', `/api/parcours/${other.id}`)).status).toBe(200);
  });
});
