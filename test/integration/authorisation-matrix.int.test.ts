/**
 * The authorisation matrix, as a permanent guard: every route × every demo user (and no token)
 * against the role gates of the policy, then every action whose answer depends on a
 * relationship × every demo user × the relationships that matter (recorded by one's
 * organisation, sharing consent, referred to one's organisation, member or référent of a
 * parcours, sending or receiving organisation, own organisation). The expected answer of each
 * row comes from the policy (`decide`), the actual one from HTTP on the local stack: a route
 * that lets through what the policy refuses — or the reverse — fails the row that says so.
 */
import type { LocalStack } from '../../infra/local/stack';
import { DEMO_ORGANISATIONS, DEMO_SITES, DEMO_USERS } from '../../services/directory/demo/lot-demo';
import { nextDay } from '../../services/appointments/domain/paris-time';
import { SERVICES } from '../../services/index';
import { ACTIONS, type ActionId, type Decision, type Facts, type Principal, decide, passesGate } from '../../shared/auth/policy';
import { ROUTE_ACTIONS, routeAction } from '../../shared/auth/route-actions';
import { type Api, apiClient, startTestStack } from '../support/local-stack';
import { waitFor } from '../support/wait';

jest.setTimeout(300_000);

let stack: LocalStack;
let api: Api;
const USERNAMES = DEMO_USERS.map((u) => u.username);
const tokens: Record<string, string> = {};
const subs: Record<string, string> = {};
const user = (username: string) => DEMO_USERS.find((u) => u.username === username)!;
const principal = (username: string): Principal => ({ roles: [user(username).role], organisationId: user(username).organisationId });
const org = (type: string) => DEMO_ORGANISATIONS.find((o) => o.type === type)!;
const departement = org('departements');
const caf = org('caf');
const cpam = org('cpam');
const DUMMY = '01KDVDZZZZZZZZZZZZZZZZZZZZ';

const call = (username: string | null, method: string, path: string, body?: unknown) =>
  api.call(method, path, { token: username ? tokens[username] : undefined, body });

/** Which actions had relationship rows: checked against the policy at the end. */
const covered = new Set<ActionId>();
const mismatches: string[] = [];

/** One row: the policy's decision for this caller and facts, against the status the route answered. */
function row(
  action: ActionId,
  username: string,
  facts: Facts,
  status: number,
  label: string,
  expect: (d: Decision) => (s: number) => boolean,
) {
  covered.add(action);
  const decision = decide(action, principal(username), facts);
  if (!expect(decision)(status)) mismatches.push(`${label} — ${username}: policy ${decision}, HTTP ${status}`);
}

const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date());

beforeAll(async () => {
  stack = await startTestStack();
  api = apiClient(stack.url);
  for (const u of USERNAMES) {
    tokens[u] = await api.token(u);
    subs[u] = (await call(u, 'GET', '/api/me')).body.id;
  }
});

afterAll(async () => {
  await stack?.stop();
});

/** The person herself (« Mon espace », issue 15): a token of role `personne`, her id only, got through her invitation. */
const PERSON: Principal = { roles: ['personne'], organisationId: null };
let personToken = '';
let personId = '';

async function signInAPerson(): Promise<void> {
  const created = await call('agent.gramat', 'POST', '/api/persons', {
    lastName: 'Matricepersonne',
    firstName: 'Nadia',
    birthDate: '1979-02-03',
    consents: { networkSharing: { given: false, method: 'oral' }, smsSurveys: { given: false } },
  });
  expect(created.status).toBe(201);
  personId = created.body.id;
  const invited = await call('agent.gramat', 'POST', `/api/persons/${personId}/invitation`, {});
  expect(invited.status).toBe(201);
  const signedIn = await api.call('POST', '/api/me/person/token', { body: { invitation: invited.body.link.split('#/invitation/')[1] } });
  expect(signedIn.status).toBe(200);
  personToken = signedIn.body.accessToken;
}

/** The routes of the person's own space: a gate that names her. */
const personRoutes = () =>
  SERVICES.flatMap((s) => s.routes.map((r) => ({ service: s.name, route: r }))).filter(
    ({ service, route }) => ACTIONS[routeAction(service, route.id)].gate !== 'public' && passesGate(routeAction(service, route.id), PERSON),
  );

describe('role gates: every route × every demo user and no token', () => {
  const routes = SERVICES.flatMap((s) => s.routes.map((r) => ({ service: s.name, route: r })));

  it('knows an action for every route, and every action of the routes table is a route', () => {
    expect(Object.keys(ROUTE_ACTIONS).sort()).toEqual(routes.map((r) => `${r.service}.${r.route.id}`).sort());
  });

  it('answers 401 without a token and 403 to a role outside the gate, on every route, before anything else', async () => {
    const failures: string[] = [];
    for (const { service, route } of routes) {
      const action = routeAction(service, route.id);
      const path = route.path.replace(/\{[^}]+\}/g, DUMMY);
      // No token.
      const anonymous = await call(null, route.method, path);
      if (ACTIONS[action].gate !== 'public' && anonymous.status !== 401)
        failures.push(`${route.method} ${route.path} — no token: ${anonymous.status}`);
      if (anonymous.status >= 500) failures.push(`${route.method} ${route.path} — no token: ${anonymous.status}`);
      for (const username of USERNAMES) {
        // Writes that act without a body are only sent to callers the gate refuses (nothing to refuse them on but the role).
        const passes = passesGate(action, principal(username));
        if (passes && route.method !== 'GET') continue;
        const res = await call(username, route.method, path);
        // Public routes check their own credential (a signed link, the carrier's secret): 401 is theirs to answer.
        const isPublic = ACTIONS[action].gate === 'public';
        const ok = isPublic
          ? res.status < 500
          : passes
            ? res.status !== 401 && res.status !== 403 && (res.status < 500 || res.status === 503)
            : res.status === 403;
        // A route whose action has a relationship rule may refuse a passing role for the dummy resource.
        const ruled = passes && res.status === 403 && 'rule' in ACTIONS[action];
        if (!ok && !ruled)
          failures.push(`${route.method} ${route.path} — ${username}: gate ${passes ? 'passes' : 'refuses'}, HTTP ${res.status}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('answers 403 to the person’s own token (« Mon espace ») on every professional route, before anything else', async () => {
    await signInAPerson();
    const failures: string[] = [];
    let refused = 0;
    for (const { service, route } of routes) {
      const action = routeAction(service, route.id);
      // Public routes check their own credential; her own routes are checked below with another person's id.
      if (ACTIONS[action].gate === 'public' || passesGate(action, PERSON)) continue;
      const res = await api.call(route.method, route.path.replace(/\{[^}]+\}/g, DUMMY), { token: personToken });
      if (res.status !== 403) failures.push(`${route.method} ${route.path} — personne: HTTP ${res.status}`);
      refused++;
    }
    expect(failures).toEqual([]);
    expect(refused).toBeGreaterThan(50);
  });

  it('answers 404 to the person on her own routes for an id that is not hers (never telling whether it exists)', async () => {
    // Her routes are those under /api/me/person/ (but the public sign-in), and only those: each gate names `personne`.
    const underMe = routes
      .filter(({ service, route }) => route.path.startsWith('/api/me/person') && ACTIONS[routeAction(service, route.id)].gate !== 'public')
      .map(({ route }) => `${route.method} ${route.path}`);
    expect(personRoutes().map(({ route }) => `${route.method} ${route.path}`)).toEqual(underMe);
    const failures: string[] = [];
    for (const { route } of personRoutes()) {
      if (!route.path.includes('{')) continue;
      const res = await api.call(route.method, route.path.replace(/\{[^}]+\}/g, DUMMY), { token: personToken, body: {} });
      if (res.status !== 404 && res.status !== 400)
        failures.push(`${route.method} ${route.path} — personne, another id: HTTP ${res.status}`);
    }
    expect(failures).toEqual([]);
  });
});

describe('relationships: every ruled action × every demo user × the relationships that matter', () => {
  interface PersonFixture {
    label: string;
    id: string;
    recordedBy: string;
    sharing: boolean;
    referredTo: string[];
    members: string[];
  }
  const persons: PersonFixture[] = [];
  let n = 0;

  async function person(recorder: string, sharing: boolean, label: string): Promise<PersonFixture> {
    n++;
    const res = await call(recorder, 'POST', '/api/persons', {
      lastName: `Matrice${String.fromCharCode(97 + n)}${'x'.repeat(n)}`,
      firstName: 'Alix',
      birthDate: `${1940 + n}-06-01`,
      consents: { networkSharing: { given: sharing, method: 'oral' }, smsSurveys: { given: false } },
    });
    expect(res.status).toBe(201);
    const fixture = { label, id: res.body.id, recordedBy: user(recorder).organisationId, sharing, referredTo: [], members: [] };
    persons.push(fixture);
    return fixture;
  }

  async function refer(from: string, fixture: PersonFixture, toOrganisationId: string) {
    const res = await call(from, 'POST', '/api/referrals', {
      toOrganisationId,
      personId: fixture.id,
      themes: ['famille'],
      reason: 'Ouverture de droits',
      urgency: 'normal',
      liaisonNote: 'Note de liaison',
    });
    expect(res.status).toBe(201);
    (fixture.referredTo as string[]).push(toOrganisationId);
    return res.body.id as string;
  }

  const personFactsOf = (username: string, p: PersonFixture): Facts => {
    const u = user(username);
    return {
      recordedByOwnOrganisation: p.recordedBy === u.organisationId,
      sharingConsent: p.sharing,
      referredToOwnOrganisation: (p.referredTo as string[]).includes(u.organisationId),
      parcoursMember: (p.members as string[]).includes(username),
      exceptionalAccess: false,
      networkMember: true,
    };
  };

  let parcoursId = '';
  let referralId = '';

  beforeAll(async () => {
    await person('agent.gramat', false, 'recorded by the Département, no consent');
    await person('agent.gramat', true, 'recorded by the Département, consent');
    await person('agent.ccas-cahors', false, 'recorded by the CCAS, no consent');
    await person('agent.ccas-cahors', true, 'recorded by the CCAS, consent');
    const referredNo = await person('agent.gramat', false, 'referred to the CAF, no consent');
    referralId = await refer('agent.gramat', referredNo, caf.id);
    const referredYes = await person('agent.gramat', true, 'referred to the CAF, consent');
    await refer('agent.gramat', referredYes, caf.id);
    const inParcours = await person('ts.figeac', false, 'in a parcours with the CAF, no consent');
    // The parcours service learns the person from intake's event.
    const opened = await waitFor(async () => {
      const res = await call('ts.figeac', 'POST', '/api/parcours', {
        personId: inParcours.id,
        agreement: { referentChosenByPerson: true, sharingAccepted: true, date: today(), method: 'oral' },
      });
      return res.status === 201 ? res : undefined;
    }, 'the parcours to open');
    parcoursId = opened.body.id;
    const member = await call('ts.figeac', 'POST', `/api/parcours/${parcoursId}/members`, {
      userId: subs['partenaire.caf'],
      name: user('partenaire.caf').name,
      organisationId: caf.id,
      role: 'Conseillère CAF',
    });
    expect(member.status).toBe(201);
    (inParcours.members as string[]).push('ts.figeac', 'partenaire.caf');
    // Intake learns the member from the parcours' event.
    await waitFor(async () => {
      const res = await call('partenaire.caf', 'GET', `/api/persons/${inParcours.id}/history`);
      return res.status === 200 ? true : undefined;
    }, 'intake to learn the parcours member');
  });

  it('person.read: GET /api/persons/{id}/history — full, restricted or 403 as the policy says', async () => {
    for (const p of persons) {
      for (const username of USERNAMES) {
        const res = await call(username, 'GET', `/api/persons/${p.id}/history`);
        row('person.read', username, personFactsOf(username, p), res.status, `history of a person ${p.label}`, (d) => (s) => {
          if (d === 'deny') return s === 403;
          return s === 200 && res.body.restricted === (d === 'restricted');
        });
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('person.consents: PATCH /api/persons/{id}/consents — only the recording organisation (a stale version shows the right is decided first)', async () => {
    for (const p of persons) {
      for (const username of USERNAMES) {
        const res = await call(username, 'PATCH', `/api/persons/${p.id}/consents`, {
          version: 999,
          networkSharing: { given: !p.sharing, method: 'oral' },
        });
        row(
          'person.consents',
          username,
          personFactsOf(username, p),
          res.status,
          `consents of a person ${p.label}`,
          (d) => (s) => (d === 'deny' ? s === 403 : s === 409),
        );
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('person.export: GET /api/persons/{id}/export — only the recording organisation hands her the copy of her data', async () => {
    for (const p of persons) {
      for (const username of USERNAMES) {
        const res = await call(username, 'GET', `/api/persons/${p.id}/export`);
        row(
          'person.export',
          username,
          personFactsOf(username, p),
          res.status,
          `export of a person ${p.label}`,
          (d) => (s) => (d === 'deny' ? s === 403 : s === 200),
        );
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('person.correct: PATCH /api/persons/{id} — only the recording organisation (a stale version shows the right is decided first)', async () => {
    for (const p of persons) {
      for (const username of USERNAMES) {
        const res = await call(username, 'PATCH', `/api/persons/${p.id}`, {
          version: 999,
          email: 'matrice@example.org',
          reason: 'Matrice',
        });
        row(
          'person.correct',
          username,
          personFactsOf(username, p),
          res.status,
          `correction of a person ${p.label}`,
          (d) => (s) => (d === 'deny' ? s === 403 : s === 409),
        );
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('reception.correct: PATCH /api/receptions/{id} and POST …/cancel — only the recording organisation', async () => {
    const gramat = user('agent.gramat');
    const recorded = await call('agent.gramat', 'POST', '/api/receptions', { siteId: gramat.siteId, channel: 'site', themes: ['famille'] });
    expect(recorded.status).toBe(201);
    const id = recorded.body.id as string;
    const facts = (username: string): Facts => ({ ownOrganisation: user(username).organisationId === gramat.organisationId });
    for (const username of USERNAMES) {
      const res = await call(username, 'PATCH', `/api/receptions/${id}`, { version: 999, themes: ['sante'], reason: 'Matrice' });
      row(
        'reception.correct',
        username,
        facts(username),
        res.status,
        'correcting a reception',
        (d) => (s) => (d === 'deny' ? s === 403 : s === 409),
      );
    }
    for (const username of USERNAMES) {
      // The first caller allowed cancels it (200); the next ones find it cancelled (409): the right was decided first.
      const res = await call(username, 'POST', `/api/receptions/${id}/cancel`, { reason: 'Matrice' });
      row(
        'reception.correct',
        username,
        facts(username),
        res.status,
        'cancelling a reception',
        (d) => (s) => (d === 'deny' ? s === 403 : s === 200 || s === 409),
      );
    }
    expect(mismatches).toEqual([]);
  });

  it('parcours.open: POST /api/parcours — only for a person read in full (an incomplete agreement shows the right is decided first)', async () => {
    for (const p of persons) {
      for (const username of USERNAMES) {
        const res = await call(username, 'POST', '/api/parcours', {
          personId: p.id,
          agreement: { referentChosenByPerson: true, sharingAccepted: false, date: today() },
        });
        row(
          'parcours.open',
          username,
          personFactsOf(username, p),
          res.status,
          `a parcours for a person ${p.label}`,
          (d) => (s) => (d === 'deny' ? s === 403 : s === 422),
        );
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('referral.send: POST /api/referrals about a person — not of a person one cannot see', async () => {
    for (const p of persons) {
      for (const username of USERNAMES) {
        // To the CPAM (no demo account there): an accepted row changes no one's rights in this matrix.
        const res = await call(username, 'POST', '/api/referrals', {
          toOrganisationId: cpam.id,
          // No channel reaches the CPAM: the sender phones it (ADR 0026).
          offlineChannel: 'phone',
          personId: p.id,
          themes: ['sante'],
          reason: 'Droits santé',
          urgency: 'normal',
          liaisonNote: 'Note',
        });
        row(
          'referral.send',
          username,
          personFactsOf(username, p),
          res.status,
          `a referral of a person ${p.label}`,
          (d) => (s) => (d === 'deny' ? s === 403 : s === 201),
        );
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('referral.read and referral.respond: the sending and receiving organisations', async () => {
    const referralFacts = (username: string): Facts => ({
      sendingOrganisation: user(username).organisationId === departement.id,
      receivingOrganisation: user(username).organisationId === caf.id,
    });
    for (const username of USERNAMES) {
      const read = await call(username, 'GET', `/api/referrals/${referralId}`);
      row(
        'referral.read',
        username,
        referralFacts(username),
        read.status,
        'a referral',
        (d) => (s) => (d === 'deny' ? s === 403 : s === 200),
      );
      // Closing a referral still `sent` is a conflict for the one organisation allowed to try.
      const close = await call(username, 'POST', `/api/referrals/${referralId}/close`, { outcome: 'service_delivered' });
      row(
        'referral.respond',
        username,
        referralFacts(username),
        close.status,
        'closing a referral',
        (d) => (s) => (d === 'deny' ? s === 403 : s === 409),
      );
    }
    expect(mismatches).toEqual([]);
  });

  it('referral.withdraw: the sending organisation only (the first of its agents withdraws it, the next get 409)', async () => {
    const sent = await call('agent.gramat', 'POST', '/api/referrals', {
      toOrganisationId: caf.id,
      themes: ['famille'],
      reason: 'Droits',
      urgency: 'normal',
      liaisonNote: 'Note',
    });
    expect(sent.status).toBe(201);
    let withdrawn = 0;
    for (const username of USERNAMES) {
      const facts: Facts = { sendingOrganisation: user(username).organisationId === departement.id };
      const res = await call(username, 'POST', `/api/referrals/${sent.body.id}/withdraw`, { reason: 'Envoyée par erreur' });
      if (res.status === 200) withdrawn++;
      row(
        'referral.withdraw',
        username,
        facts,
        res.status,
        'withdrawing a referral',
        (d) => (s) => (d === 'deny' ? s === 403 : s === 200 || s === 409),
      );
    }
    expect(withdrawn).toBe(1);
    expect(mismatches).toEqual([]);
  });

  it('parcours.contribute, parcours.manage and parcours.takeOver: members, the référent, a social worker member', async () => {
    const facts = (username: string): Facts => ({
      parcoursMember: ['ts.figeac', 'partenaire.caf'].includes(username),
      parcoursReferent: username === 'ts.figeac',
    });
    for (const username of USERNAMES) {
      const read = await call(username, 'GET', `/api/parcours/${parcoursId}`);
      row(
        'parcours.contribute',
        username,
        facts(username),
        read.status,
        'reading the parcours',
        (d) => (s) => (d === 'deny' ? s === 403 : s === 200),
      );
      // Resuming an active parcours is a conflict for the référent.
      const resume = await call(username, 'POST', `/api/parcours/${parcoursId}/resume`, {});
      row(
        'parcours.manage',
        username,
        facts(username),
        resume.status,
        'resuming the parcours',
        (d) => (s) => (d === 'deny' ? s === 403 : s === 409),
      );
      const takeOver = await call(username, 'POST', `/api/parcours/${parcoursId}/referent`, {
        reason: 'Choix de la personne',
        agreement: { date: today() },
      });
      // The référent taking over from herself is refused by a rule (422), anyone else refused by the policy.
      row(
        'parcours.takeOver',
        username,
        facts(username),
        takeOver.status,
        'taking over as référent',
        (d) => (s) => (d === 'deny' ? s === 403 : s === 422),
      );
    }
    expect(mismatches).toEqual([]);
  });

  it('directory.edit and directory.governance: an organisation’s own entry; membership, type and charter to the coordination', async () => {
    for (const username of USERNAMES) {
      const facts: Facts = { ownOrganisation: user(username).organisationId === caf.id };
      const edit = await call(username, 'PATCH', `/api/organisations/${caf.id}`, { version: 999, description: 'Essai' });
      row('directory.edit', username, facts, edit.status, 'editing the CAF entry', (d) => (s) => (d === 'deny' ? s === 403 : s === 409));
      const governance = await call(username, 'PATCH', `/api/organisations/${caf.id}`, { version: 999, networkMember: false });
      row(
        'directory.governance',
        username,
        {},
        governance.status,
        'the CAF’s network membership',
        (d) => (s) => (d === 'allow' ? s === 409 : s === 403),
      );
    }
    expect(mismatches).toEqual([]);
  });

  it('directory.campaign: review campaigns and the flagged entries to the coordination only (a partner never asks the others)', async () => {
    for (const username of USERNAMES) {
      // An unknown organisation kind: the coordination gets 422 (no message sent), everyone else 403 first.
      const launch = await call(username, 'POST', '/api/review-campaigns', { organisationKind: 'inconnu-de-la-matrice' });
      row(
        'directory.campaign',
        username,
        {},
        launch.status,
        'launching a review campaign',
        (d) => (s) => (d === 'allow' ? s === 422 : s === 403),
      );
      const flagged = await call(username, 'GET', '/api/directory/flagged');
      row('directory.campaign', username, {}, flagged.status, 'the flagged entries', (d) => (s) => (d === 'allow' ? s === 200 : s === 403));
    }
    expect(mismatches).toEqual([]);
  });

  it('appointments.*: the site’s organisation publishes; the referral’s organisations book or give the person a link; booker or site cancel; site or coordination say honoured; ICS to them', async () => {
    const cafSite = DEMO_SITES.find((s) => s.organisationId === caf.id)!;
    await stack.drain(); // the referral and the directory's sites reach appointments
    const current = await call('pilote', 'GET', `/api/sites/${cafSite.id}/availability`);
    const published = await call('pilote', 'PUT', `/api/sites/${cafSite.id}/availability`, {
      ranges: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, from: '08:00', to: '18:00', slotMinutes: 30 })),
      horizonDays: 30,
      minNoticeHours: 0,
      openOnPublicHolidays: true,
      version: current.body.version,
    });
    expect(published.status).toBe(200);
    const slots = await call('agent.gramat', 'GET', `/api/sites/${cafSite.id}/slots?from=${today()}&to=${nextDay(today(), 2)}&limit=200`);
    const free = slots.body.items.map((slot: { start: string }) => slot.start) as string[];
    expect(free.length).toBeGreaterThan(2);
    const book = (username: string, start: string) =>
      call(username, 'POST', '/api/appointments', { siteId: cafSite.id, start, referralId });
    const cancelled = await book('agent.gramat', free[free.length - 1]!);
    expect(cancelled.status).toBe(201);
    expect((await call('agent.gramat', 'POST', `/api/appointments/${cancelled.body.id}/cancel`)).status).toBe(200);
    const upcoming = await book('agent.gramat', free[free.length - 2]!);
    expect(upcoming.status).toBe(201);
    // A start a minute off every slot: those the policy lets book get the 422 naming slot.
    const offSlot = new Date(Date.parse(free[free.length - 1]!) + 60_000).toISOString();
    for (const username of USERNAMES) {
      const organisationId = user(username).organisationId;
      const own: Facts = { ownOrganisation: organisationId === caf.id };
      const bookers: Facts = { sendingOrganisation: organisationId === departement.id, ownOrganisation: organisationId === caf.id };
      const edit = await call(username, 'PUT', `/api/sites/${cafSite.id}/availability`, { ranges: [], version: 999 });
      row(
        'appointments.availability',
        username,
        own,
        edit.status,
        'the CAF site’s availability',
        (d) => (s) => (d === 'deny' ? s === 403 : s === 409),
      );
      const booking = await book(username, offSlot);
      row(
        'appointments.book',
        username,
        { sendingOrganisation: organisationId === departement.id, receivingOrganisation: organisationId === caf.id },
        booking.status,
        'booking for a referral to the CAF',
        (d) => (s) => (d === 'deny' ? s === 403 : s === 422),
      );
      const link = await call(username, 'POST', `/api/referrals/${referralId}/booking-link`, { siteId: cafSite.id });
      row(
        'appointments.bookingLink',
        username,
        { sendingOrganisation: organisationId === departement.id, receivingOrganisation: organisationId === caf.id },
        link.status,
        'a self-booking link for a referral to the CAF',
        (d) => (s) => (d === 'deny' ? s === 403 : s === 201),
      );
      const cancel = await call(username, 'POST', `/api/appointments/${cancelled.body.id}/cancel`);
      row(
        'appointments.cancel',
        username,
        bookers,
        cancel.status,
        'cancelling a cancelled appointment',
        (d) => (s) => (d === 'deny' ? s === 403 : s === 409),
      );
      const honoured = await call(username, 'POST', `/api/appointments/${upcoming.body.id}/honoured`);
      row(
        'appointments.outcome',
        username,
        own,
        honoured.status,
        'an appointment still to come',
        (d) => (s) => (d === 'deny' ? s === 403 : s === 422),
      );
      const ics = await call(username, 'GET', `/api/appointments/${upcoming.body.id}.ics`);
      // Refused, the calendar file is not found (its existence is not told).
      row(
        'appointments.read',
        username,
        bookers,
        ics.status,
        'the appointment’s calendar file',
        (d) => (s) => (d === 'deny' ? s === 404 : s === 200),
      );
      // The partner's agenda of the week (ADR 0042): the site's organisation and the coordination; another organisation 403.
      const agenda = await call(username, 'GET', `/api/sites/${cafSite.id}/appointments`);
      row(
        'appointments.agenda',
        username,
        own,
        agenda.status,
        'the CAF site’s agenda of the week',
        (d) => (s) => (d === 'deny' ? s === 403 : s === 200),
      );
    }
    // The person's own token: refused (her « Mon espace » is not a partner's agenda).
    expect((await api.call('GET', `/api/sites/${cafSite.id}/appointments`, { token: personToken })).status).toBe(403);
    expect(mismatches).toEqual([]);
  });

  it('surveys.results: the coordination every organisation’s, a partner its own', async () => {
    for (const username of USERNAMES) {
      const res = await call(username, 'GET', `/api/surveys/results?organisationId=${caf.id}`);
      row(
        'surveys.results',
        username,
        { ownOrganisation: user(username).organisationId === caf.id },
        res.status,
        'the CAF’s survey results',
        (d) => (s) => (d === 'deny' ? s === 403 : s === 200),
      );
    }
    expect(mismatches).toEqual([]);
  });

  it('person.record: receptions and persons by network members (a partner out of the network: see side-doors)', async () => {
    for (const username of USERNAMES) {
      const res = await call(username, 'GET', '/api/persons?q=matrice');
      row(
        'person.record',
        username,
        { networkMember: true },
        res.status,
        'searching persons',
        (d) => (s) => (d === 'deny' ? s === 403 : s === 200),
      );
    }
    expect(mismatches).toEqual([]);
  });

  it('person.invite: POST /api/persons/{id}/invitation — only who reads her whole file (never on existence alone, never the coordination)', async () => {
    for (const p of persons) {
      for (const username of USERNAMES) {
        const res = await call(username, 'POST', `/api/persons/${p.id}/invitation`, {});
        row(
          'person.invite',
          username,
          personFactsOf(username, p),
          res.status,
          `inviting a person ${p.label}`,
          (d) => (s) => (d === 'deny' ? s === 403 : s === 201),
        );
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('person.identityLink: POST /api/persons/{id}/identity-link — only who reads her whole file (never on existence alone, never the coordination)', async () => {
    for (const p of persons) {
      for (const username of USERNAMES) {
        const sub = `matrice-${p.id}-${username}`.replace(/[^A-Za-z0-9._-]/g, '-');
        const res = await call(username, 'POST', `/api/persons/${p.id}/identity-link`, { franceConnectSub: sub });
        row(
          'person.identityLink',
          username,
          personFactsOf(username, p),
          res.status,
          `linking the FranceConnect identity of a person ${p.label}`,
          (d) => (s) => (d === 'deny' ? s === 403 : s === 201),
        );
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('her own routes, with the id of a parcours that is not hers: 404', async () => {
    const failures: string[] = [];
    for (const { route } of personRoutes()) {
      if (!route.path.includes('{')) continue;
      const res = await api.call(route.method, route.path.replace(/\{[^}]+\}/g, parcoursId), { token: personToken, body: {} });
      if (res.status !== 404 && res.status !== 400)
        failures.push(`${route.method} ${route.path} — personne, another's parcours: HTTP ${res.status}`);
    }
    expect(failures).toEqual([]);
  });

  it('accounts.assign: POST /api/accounts/{id}/assignment — an administrator, for an account awaiting its role, never their own (ADR 0041)', async () => {
    for (const username of USERNAMES) {
      const assignment = { role: 'accueil', organisationId: departement.id };
      const own = await call(username, 'POST', `/api/accounts/${subs[username]}/assignment`, assignment);
      row(
        'accounts.assign',
        username,
        { ownAccount: true },
        own.status,
        'their own account',
        (d) => (s) => (d === 'deny' ? s === 403 : s === 409),
      );
      // A ProConnect agent's first sign-in (local stack): an account without a role.
      const signedIn = await api.call('POST', '/api/auth/dev/proconnect', {
        body: { email: `matrice.${username}@exemple.gouv.fr`, givenName: 'Alix', familyName: 'Matrice' },
      });
      expect(signedIn.status).toBe(200);
      const res = await call(username, 'POST', `/api/accounts/${signedIn.body.account.id}/assignment`, assignment);
      row(
        'accounts.assign',
        username,
        { ownAccount: false },
        res.status,
        'an account awaiting its role',
        (d) => (s) => (d === 'deny' ? s === 403 : s === 201),
      );
      // Refused: still pending (nothing written).
      const again = await api.call('POST', '/api/auth/dev/proconnect', {
        body: { email: `matrice.${username}@exemple.gouv.fr`, givenName: 'Alix', familyName: 'Matrice' },
      });
      if ((res.status === 403) !== (again.body.account.role === undefined))
        mismatches.push(`accounts.assign — ${username}: HTTP ${res.status}, role ${again.body.account.role}`);
    }
    expect(mismatches).toEqual([]);
  });

  it('person.exceptionalAccess: POST /api/persons/{id}/exceptional-access — a restricted file opens for 24 h, a full one needs none (last: grants change the reads)', async () => {
    for (const p of persons) {
      for (const username of USERNAMES) {
        const facts = personFactsOf(username, p);
        const res = await call(username, 'POST', `/api/persons/${p.id}/exceptional-access`, {
          reason: 'danger',
          details: 'Signalement d’un danger imminent par un voisin',
        });
        const read = decide('person.read', principal(username), facts);
        row(
          'person.exceptionalAccess',
          username,
          facts,
          res.status,
          `exceptional access to a person ${p.label}`,
          (d) => (s) => (d === 'deny' ? s === 403 : s === (read === 'restricted' ? 201 : 422)),
        );
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('has relationship rows for every action whose decision depends on a relationship', () => {
    const ruled = (Object.keys(ACTIONS) as ActionId[]).filter((id) => 'rule' in ACTIONS[id]);
    expect(ruled.filter((id) => !covered.has(id))).toEqual([]);
  });
});
