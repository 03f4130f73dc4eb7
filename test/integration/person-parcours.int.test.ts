/**
 * The person acts on her own parcours in « Mon espace » (issue 15, point 3; ADR 0038) through
 * HTTP on the local stack: she proposes a goal (the référent accepts it as a goal, or answers),
 * marks done an action she carries out herself, gives her view before a meeting, asks for
 * another référent (the référent and the coordinator see it); another person's parcours → 404;
 * bad input → 400 with every field; nothing partial.
 */
import type { LocalStack } from '../../infra/local/stack';
import { DEMO_USERS } from '../../services/directory/demo/lot-demo';
import { signLocalPersonToken } from '../../shared/auth/local-jwt';
import { type Api, apiClient, startTestStack } from '../support/local-stack';
import { personKnownToParcours } from '../support/wait';

jest.setTimeout(180_000);

let stack: LocalStack;
let api: Api;
const tokens: Record<string, string> = {};
const ids: Record<string, string> = {};
const user = (username: string) => DEMO_USERS.find((u) => u.username === username)!;
const call = (who: string, method: string, path: string, body?: unknown) => api.call(method, path, { token: tokens[who] ?? who, body });
const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date());
const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T12:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

let counter = 0;
async function newPerson(): Promise<string> {
  counter++;
  const res = await call('agent.gramat', 'POST', '/api/persons', {
    lastName: `Actrice${String.fromCharCode(97 + (counter % 26))}${counter}`,
    firstName: 'Inès',
    birthDate: '1988-09-14',
    communeCode: '46102',
    consents: { networkSharing: { given: false, method: 'oral' }, smsSurveys: { given: false } },
  });
  if (res.status !== 201) throw new Error(`person not created: ${res.status} ${JSON.stringify(res.body)}`);
  await personKnownToParcours(res.body.id);
  return res.body.id as string;
}

/** A parcours of a new person, référent ts.figeac, with a goal: one action for her, one for the référent. */
async function parcoursOfNewPerson() {
  const personId = await newPerson();
  const opened = await call('ts.figeac', 'POST', '/api/parcours', {
    personId,
    referentUserId: ids['ts.figeac'],
    agreement: { referentChosenByPerson: true, sharingAccepted: true, date: today(), method: 'written' },
  });
  if (opened.status !== 201) throw new Error(`parcours not opened: ${opened.status} ${JSON.stringify(opened.body)}`);
  const goal = await call('ts.figeac', 'POST', `/api/parcours/${opened.body.id}/goals`, {
    title: 'Retrouver un logement',
    actions: [
      { label: 'Rassembler mes fiches de paie', ownerMemberId: 'personne', dueDate: addDays(today(), 10) },
      { label: 'Déposer la demande de logement social', ownerMemberId: opened.body.referentMemberId, dueDate: addDays(today(), 20) },
    ],
  });
  if (goal.status !== 201) throw new Error(`goal not added: ${goal.status} ${JSON.stringify(goal.body)}`);
  return {
    personId,
    parcoursId: opened.body.id as string,
    goalId: goal.body.id as string,
    hers: goal.body.actions[0].id as string,
    referents: goal.body.actions[1].id as string,
    person: await signLocalPersonToken(personId),
  };
}

beforeAll(async () => {
  stack = await startTestStack();
  api = apiClient(stack.url);
  for (const u of ['agent.gramat', 'ts.figeac', 'cesf.souillac', 'pilote']) {
    tokens[u] = await api.token(u);
    ids[u] = (await call(u, 'GET', '/api/me')).body.id;
  }
  await stack.drain();
});

afterAll(async () => {
  await stack?.stop();
});

describe('her parcours and the actions she carries out', () => {
  it('lists her parcours with who carries out each action, and lets her mark hers done (not the référent’s)', async () => {
    const f = await parcoursOfNewPerson();
    const mine = await call(f.person, 'GET', '/api/me/person/parcours');
    expect(mine.status).toBe(200);
    expect(mine.body.items).toHaveLength(1);
    expect(mine.body.items[0]).toMatchObject({
      id: f.parcoursId,
      status: 'active',
      referent: { name: user('ts.figeac').name },
      goals: [
        {
          id: f.goalId,
          actions: [
            { id: f.hers, mine: true, ownerName: 'Vous', status: 'todo' },
            { id: f.referents, mine: false, status: 'todo' },
          ],
        },
      ],
    });

    const done = await call(f.person, 'POST', `/api/me/person/parcours/${f.parcoursId}/goals/${f.goalId}/actions/${f.hers}/done`, {});
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ id: f.hers, status: 'done', updatedBy: { name: 'La personne' } });
    // The référent sees it done on the parcours page.
    const seen = await call('ts.figeac', 'GET', `/api/parcours/${f.parcoursId}`);
    expect(seen.body.goals[0].actions[0]).toMatchObject({ id: f.hers, status: 'done' });

    const notHers = await call(
      f.person,
      'POST',
      `/api/me/person/parcours/${f.parcoursId}/goals/${f.goalId}/actions/${f.referents}/done`,
      {},
    );
    expect(notHers.status).toBe(422);
    expect((await call('ts.figeac', 'GET', `/api/parcours/${f.parcoursId}`)).body.goals[0].actions[1].status).toBe('todo');
  });

  it('answers 404 for another person’s parcours, and 403 to a professional on her routes', async () => {
    const a = await parcoursOfNewPerson();
    const b = await parcoursOfNewPerson();
    const path = `/api/me/person/parcours/${a.parcoursId}`;
    expect((await call(b.person, 'POST', `${path}/goals/${a.goalId}/actions/${a.hers}/done`, {})).status).toBe(404);
    expect((await call(b.person, 'POST', `${path}/goal-proposals`, { title: 'Un objectif' })).status).toBe(404);
    expect((await call(b.person, 'POST', `${path}/views`, { text: 'Mon avis' })).status).toBe(404);
    expect((await call(b.person, 'POST', `${path}/referent-requests`, { reason: 'Je voudrais changer' })).status).toBe(404);
    expect((await call(b.person, 'POST', '/api/me/person/parcours/01KDVDZZZZZZZZZZZZZZZZZZZZ/views', { text: 'Mon avis' })).status).toBe(
      404,
    );
    // Nothing was written on her parcours, and his own list holds his parcours only.
    expect((await call(a.person, 'GET', '/api/me/person/parcours')).body.items[0].requests).toEqual([]);
    expect((await call(b.person, 'GET', '/api/me/person/parcours')).body.items.map((p: { id: string }) => p.id)).toEqual([b.parcoursId]);
    expect((await call('ts.figeac', 'GET', '/api/me/person/parcours')).status).toBe(403);
    expect((await call('ts.figeac', 'POST', `${path}/views`, { text: 'Avis' })).status).toBe(403);
    // A person token on a professional route → 403.
    expect((await call(a.person, 'GET', `/api/parcours/${a.parcoursId}/person-requests`)).status).toBe(403);
    expect((await call(a.person, 'GET', '/api/referent-requests')).status).toBe(403);
  });

  it('refuses bad input with every field listed, and writes nothing', async () => {
    const f = await parcoursOfNewPerson();
    const path = `/api/me/person/parcours/${f.parcoursId}`;
    const bad = await call(f.person, 'POST', `${path}/goal-proposals`, { title: '   ', details: 'x'.repeat(2001), colour: 'bleu' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['body.colour', 'body.details', 'body.title']);
    const badView = await call(f.person, 'POST', `${path}/views`, { text: '', meetingDate: '2026-02-30' });
    expect(badView.status).toBe(400);
    expect(badView.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['body.meetingDate', 'body.text']);
    const badIds = await call(f.person, 'POST', '/api/me/person/parcours/nope/goals/nope/actions/nope/done', { extra: 1 });
    expect(badIds.status).toBe(400);
    expect(badIds.body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      'body.extra',
      'path.actionId',
      'path.goalId',
      'path.id',
    ]);
    expect((await call(f.person, 'GET', '/api/me/person/parcours')).body.items[0].requests).toEqual([]);
  });
});

describe('her requests, and the référent’s answers', () => {
  it('a proposed goal: the members see it, the référent accepts it and it becomes a goal of the plan', async () => {
    const f = await parcoursOfNewPerson();
    const proposed = await call(f.person, 'POST', `/api/me/person/parcours/${f.parcoursId}/goal-proposals`, {
      title: 'Passer le permis de conduire',
      details: 'Pour aller travailler à Figeac.',
    });
    expect(proposed.status).toBe(201);
    expect(proposed.body).toMatchObject({ kind: 'goal', status: 'pending', title: 'Passer le permis de conduire' });

    const listed = await call('ts.figeac', 'GET', `/api/parcours/${f.parcoursId}/person-requests`);
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((r: { id: string }) => r.id)).toEqual([proposed.body.id]);
    // Not a member: 403.
    expect((await call('cesf.souillac', 'GET', `/api/parcours/${f.parcoursId}/person-requests`)).status).toBe(403);

    const refused = await call('ts.figeac', 'POST', `/api/parcours/${f.parcoursId}/person-requests/${proposed.body.id}/answer`, {});
    expect(refused.status).toBe(422);
    expect(refused.body.errors.map((e: { path: string }) => e.path)).toEqual(['body.text']);

    const accepted = await call('ts.figeac', 'POST', `/api/parcours/${f.parcoursId}/person-requests/${proposed.body.id}/answer`, {
      accept: true,
      text: 'Bonne idée, on en parle jeudi.',
    });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ status: 'accepted', answer: { text: 'Bonne idée, on en parle jeudi.' } });
    const plan = await call('ts.figeac', 'GET', `/api/parcours/${f.parcoursId}`);
    expect(plan.body.goals.map((g: { title: string }) => g.title)).toEqual(['Retrouver un logement', 'Passer le permis de conduire']);
    expect(plan.body.goals[1].id).toBe(accepted.body.goalId);
    const again = await call('ts.figeac', 'POST', `/api/parcours/${f.parcoursId}/person-requests/${proposed.body.id}/answer`, {
      text: 'Encore',
    });
    expect(again.status).toBe(409);

    const hers = await call(f.person, 'GET', '/api/me/person/parcours');
    expect(hers.body.items[0].requests[0]).toMatchObject({ status: 'accepted', answer: { text: 'Bonne idée, on en parle jeudi.' } });
    expect(hers.body.items[0].goals.map((g: { title: string }) => g.title)).toContain('Passer le permis de conduire');
  });

  it('her view before a meeting reaches the members; a request for another référent reaches the référent and the coordinator, once', async () => {
    const f = await parcoursOfNewPerson();
    const path = `/api/me/person/parcours/${f.parcoursId}`;
    const view = await call(f.person, 'POST', `${path}/views`, {
      text: 'Je préfère les rendez-vous le matin.',
      meetingDate: addDays(today(), 7),
    });
    expect(view.status).toBe(201);
    expect(view.body).toMatchObject({ kind: 'view', status: 'shared' });

    const asked = await call(f.person, 'POST', `${path}/referent-requests`, { reason: 'Je ne me sens pas écoutée.' });
    expect(asked.status).toBe(201);
    expect((await call(f.person, 'POST', `${path}/referent-requests`, { reason: 'Encore' })).status).toBe(409);

    const members = await call('ts.figeac', 'GET', `/api/parcours/${f.parcoursId}/person-requests`);
    expect(members.body.items.map((r: { kind: string }) => r.kind)).toEqual(['referent', 'view']);

    const coordination = await call('pilote', 'GET', '/api/referent-requests?status=pending');
    expect(coordination.status).toBe(200);
    const row = coordination.body.items.find((r: { id: string }) => r.id === asked.body.id);
    expect(row).toMatchObject({
      parcoursId: f.parcoursId,
      personId: f.personId,
      status: 'pending',
      reason: 'Je ne me sens pas écoutée.',
      referent: { name: user('ts.figeac').name, organisationId: user('ts.figeac').organisationId },
    });
    expect((await call('ts.figeac', 'GET', '/api/referent-requests')).status).toBe(403);

    const answered = await call('ts.figeac', 'POST', `/api/parcours/${f.parcoursId}/person-requests/${asked.body.id}/answer`, {
      text: 'Je vous appelle pour en parler avec la coordinatrice.',
    });
    expect(answered.status).toBe(200);
    const after = await call('pilote', 'GET', '/api/referent-requests?status=answered');
    expect(after.body.items.find((r: { id: string }) => r.id === asked.body.id)).toMatchObject({ status: 'answered' });
    // The change itself stays the référent's business: still the same référent.
    expect((await call(f.person, 'GET', '/api/me/person/parcours')).body.items[0].referent.name).toBe(user('ts.figeac').name);
  });
});
