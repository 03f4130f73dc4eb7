/**
 * `#/parcours/<id>`: one parcours, for its members only — the shared plan as a board (à faire,
 * en cours, fait), the meetings (instances de concertation), the journal and the members. The
 * référent adds and removes members, suspends, resumes and closes. « Imprimer le plan » prints
 * the plan to hand to the person (print stylesheet): she keeps a copy of what was agreed.
 */
import { type FormEvent, type ReactNode, useId, useState } from 'react';
import { ApiError, messageOf } from '../api/http';
import { useApiMutation, useApiQuery, useCreate } from '../api/queries';
import { CheckboxField, ProblemSummary, SelectField, TextArea, TextField } from '../components/form';
import { PageHeading } from '../components/page-heading';
import { RecordGate } from '../components/record-page';
import { ErrorNotice, SuccessNotice } from '../components/status';
import { useDirectory } from '../directory/directory-data';
import { consentMethodLabel, formatDate, formatDateTime } from '../labels';
import {
  ACTION_COLUMNS,
  type ActionStatus,
  type Goal,
  OUTCOME_LABEL,
  PARCOURS_STATUS_BADGE,
  PARCOURS_STATUS_LABEL,
  type Parcours,
  type ParcoursAction,
  type ParcoursMember,
  parisToday,
  type Territory,
} from '../parcours/parcours-types';
import { links } from '../router';
import { PersonNameText, usePersonName } from './my-parcours.page';

const MOVES: Record<ActionStatus, ReadonlyArray<{ to: ActionStatus; label: string }>> = {
  todo: [
    { to: 'doing', label: 'Commencer' },
    { to: 'done', label: 'Marquer comme fait' },
  ],
  doing: [
    { to: 'todo', label: 'Remettre à faire' },
    { to: 'done', label: 'Marquer comme fait' },
  ],
  done: [{ to: 'doing', label: 'Rouvrir' }],
};

/**
 * A section's creating POST (`goals`, `meetings`, `journal`, `members`): the parcours is read
 * again afterwards, and the form empties its fields in `done`.
 */
function useParcoursPost(parcoursId: string, section: 'goals' | 'meetings' | 'journal' | 'members', done: () => void) {
  return useCreate<Record<string, unknown>, unknown>(`/api/parcours/${parcoursId}/${section}`, {
    onSuccess: done,
    focusOnProblem: false,
  });
}

function Section({ title, children, testId }: { title: string; children: ReactNode; testId?: string }) {
  const id = useId();
  return (
    <section aria-labelledby={id} className="parcours-section no-print" data-testid={testId}>
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}

function memberLabel(m: ParcoursMember | undefined, organisationName: (id: string) => string): string {
  if (!m) return 'Membre inconnu';
  return `${m.name} (${m.role}, ${organisationName(m.organisationId)})`;
}

/** The plan as a board of three columns; each card moves with buttons (keyboard and screen readers, no drag). */
function Board({
  p,
  organisationName,
  onMove,
  busy,
}: {
  p: Parcours;
  organisationName: (id: string) => string;
  onMove: (goal: Goal, action: ParcoursAction, to: ActionStatus) => void;
  busy: boolean;
}) {
  const today = parisToday();
  const members = new Map(p.members.map((m) => [m.id, m]));
  const cards = p.goals.flatMap((goal) => goal.actions.map((action) => ({ goal, action })));
  const editable = p.status !== 'closed';
  return (
    <div className="board" data-testid="plan-board">
      {ACTION_COLUMNS.map((column) => {
        const inColumn = cards.filter((c) => c.action.status === column.status);
        return (
          <section
            key={column.status}
            className="board__column"
            aria-label={`${column.label} (${inColumn.length})`}
            data-status={column.status}
          >
            <h3 className="board__title">
              {column.label} <span className="muted">({inColumn.length})</span>
            </h3>
            {inColumn.length === 0 ? <p className="muted">Aucune action.</p> : null}
            <ul className="board__cards">
              {inColumn.map(({ goal, action }) => {
                const late = action.status !== 'done' && action.dueDate < today;
                return (
                  <li key={action.id} className="board__card" data-testid="action-card">
                    <p className="board__label">
                      <strong>{action.label}</strong>
                    </p>
                    <p className="muted">Objectif : {goal.title}</p>
                    <p>Responsable : {memberLabel(members.get(action.ownerMemberId), organisationName)}</p>
                    <p>
                      Échéance : {formatDate(action.dueDate)} {late ? <span className="badge badge--urgent">En retard</span> : null}
                    </p>
                    {editable ? (
                      <div className="button-row">
                        {MOVES[action.status].map((move) => (
                          <button
                            key={move.to}
                            type="button"
                            className="button button--secondary button--small"
                            disabled={busy}
                            onClick={() => onMove(goal, action, move.to)}
                          >
                            {move.label}
                            <span className="visually-hidden"> : {action.label}</span>
                          </button>
                        ))}
                      </div>
                    ) : null}
                  </li>
                );
              })}
            </ul>
          </section>
        );
      })}
    </div>
  );
}

function AddGoalForm({ p, onDone, organisationName }: { p: Parcours; onDone: () => void; organisationName: (id: string) => string }) {
  const [title, setTitle] = useState('');
  const [label, setLabel] = useState('');
  const [owner, setOwner] = useState(p.you.memberId);
  const [due, setDue] = useState('');
  const { run, busy, problem, errorOf } = useParcoursPost(p.id, 'goals', () => {
    setTitle('');
    setLabel('');
    setDue('');
    onDone();
  });
  const active = p.members.filter((m) => !m.removedAt);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const actions = label.trim() ? [{ label: label.trim(), ownerMemberId: owner, dueDate: due }] : [];
    run({ title, actions });
  };
  return (
    <form onSubmit={submit} noValidate className="form card" aria-label="Ajouter un objectif">
      <h3>Ajouter un objectif</h3>
      <ProblemSummary
        problem={problem}
        labels={{
          title: 'Objectif',
          'actions.*.label': 'Action',
          'actions.*.ownerMemberId': 'Responsable',
          'actions.*.dueDate': 'Échéance',
        }}
      />
      <TextField path="goal.title" label="Objectif" value={title} onChange={setTitle} required error={errorOf('title')} />
      <TextField
        path="goal.action.label"
        label="Première action (facultatif)"
        value={label}
        onChange={setLabel}
        error={errorOf('actions.0.label')}
      />
      <SelectField
        path="goal.action.owner"
        label="Responsable de l’action"
        value={owner}
        onChange={setOwner}
        options={active.map((m) => [m.id, memberLabel(m, organisationName)] as const)}
        error={errorOf('actions.0.ownerMemberId')}
      />
      <TextField
        path="goal.action.due"
        label="Échéance de l’action"
        type="date"
        value={due}
        onChange={setDue}
        error={errorOf('actions.0.dueDate')}
      />
      <div className="form-actions">
        <button type="submit" className="button" disabled={busy}>
          Ajouter l’objectif
        </button>
      </div>
    </form>
  );
}

function MeetingForm({ p, onDone, organisationName }: { p: Parcours; onDone: () => void; organisationName: (id: string) => string }) {
  const active = p.members.filter((m) => !m.removedAt);
  const [date, setDate] = useState(parisToday());
  const [present, setPresent] = useState(true);
  const [participants, setParticipants] = useState<string[]>([p.you.memberId]);
  const [notes, setNotes] = useState('');
  const [decisions, setDecisions] = useState('');
  const { run, busy, problem, errorOf } = useParcoursPost(p.id, 'meetings', () => {
    setNotes('');
    setDecisions('');
    onDone();
  });
  const legendId = useId();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    run({
      date,
      personPresent: present,
      participants,
      notes,
      decisions: decisions
        .split('\n')
        .map((d) => d.trim())
        .filter(Boolean),
    });
  };
  return (
    <form onSubmit={submit} noValidate className="form card" aria-label="Consigner une instance de concertation">
      <h3>Consigner une instance</h3>
      <ProblemSummary
        problem={problem}
        labels={{ date: 'Date', 'participants.*': 'Participant', participants: 'Participants', notes: 'Notes' }}
      />
      <TextField path="meeting.date" label="Date" type="date" value={date} onChange={setDate} required error={errorOf('date')} />
      <CheckboxField
        path="meeting.personPresent"
        label="La personne était présente"
        hint="La personne est invitée à chaque instance."
        checked={present}
        onChange={setPresent}
      />
      <fieldset className="fieldset" aria-describedby={legendId}>
        <legend id={legendId}>Participants</legend>
        {active.map((m) => (
          <CheckboxField
            key={m.id}
            path={`meeting.participants.${m.id}`}
            label={memberLabel(m, organisationName)}
            checked={participants.includes(m.id)}
            onChange={(checked) => setParticipants((list) => (checked ? [...list, m.id] : list.filter((x) => x !== m.id)))}
          />
        ))}
        {errorOf('participants', true) ? <p className="field__error">{errorOf('participants', true)}</p> : null}
      </fieldset>
      <TextArea path="meeting.notes" label="Notes" value={notes} onChange={setNotes} rows={4} />
      <TextArea
        path="meeting.decisions"
        label="Décisions"
        hint="Une décision par ligne."
        value={decisions}
        onChange={setDecisions}
        rows={3}
      />
      <div className="form-actions">
        <button type="submit" className="button" disabled={busy}>
          Consigner l’instance
        </button>
      </div>
    </form>
  );
}

function JournalForm({ p, onDone }: { p: Parcours; onDone: () => void }) {
  const [text, setText] = useState('');
  const [visibility, setVisibility] = useState('all');
  const { run, busy, problem, errorOf } = useParcoursPost(p.id, 'journal', () => {
    setText('');
    onDone();
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    run({ text, visibility });
  };
  return (
    <form onSubmit={submit} noValidate className="form card" aria-label="Écrire dans le journal">
      <h3>Écrire dans le journal</h3>
      <ProblemSummary problem={problem} labels={{ text: 'Note' }} />
      <TextArea path="journal.text" label="Note" value={text} onChange={setText} required error={errorOf('text')} />
      <SelectField
        path="journal.visibility"
        label="Qui peut la lire"
        value={visibility}
        onChange={setVisibility}
        options={[
          ['all', 'Tous les membres du parcours'],
          ['referent', 'Le référent seulement'],
        ]}
      />
      <div className="form-actions">
        <button type="submit" className="button" disabled={busy}>
          Ajouter la note
        </button>
      </div>
    </form>
  );
}

function MemberForm({ p, onDone }: { p: Parcours; onDone: () => void }) {
  const { data } = useDirectory();
  const [name, setName] = useState('');
  const [organisationId, setOrganisationId] = useState('');
  const [role, setRole] = useState('');
  const [userId, setUserId] = useState('');
  const { run, busy, problem, errorOf } = useParcoursPost(p.id, 'members', () => {
    setName('');
    setRole('');
    setUserId('');
    onDone();
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    run({ name, organisationId, role, ...(userId.trim() ? { userId: userId.trim() } : {}) });
  };
  return (
    <form onSubmit={submit} noValidate className="form card" aria-label="Ajouter un membre">
      <h3>Ajouter un membre</h3>
      <ProblemSummary problem={problem} labels={{ name: 'Nom', organisationId: 'Structure', role: 'Fonction', userId: 'Compte Relais' }} />
      <TextField path="member.name" label="Nom et prénom" value={name} onChange={setName} required error={errorOf('name')} />
      <SelectField
        path="member.organisationId"
        label="Structure"
        value={organisationId}
        onChange={setOrganisationId}
        placeholder="Choisir une structure"
        required
        options={data.status === 'ready' ? data.organisations.map((o) => [o.id, o.name] as const) : []}
        error={errorOf('organisationId')}
      />
      <TextField path="member.role" label="Fonction dans le parcours" value={role} onChange={setRole} required error={errorOf('role')} />
      <TextField
        path="member.userId"
        label="Identifiant de son compte Relais (facultatif)"
        hint="Seul un membre qui a un compte Relais peut lire le parcours et l’historique de la personne."
        value={userId}
        onChange={setUserId}
        error={errorOf('userId')}
      />
      <div className="form-actions">
        <button type="submit" className="button" disabled={busy}>
          Ajouter le membre
        </button>
      </div>
    </form>
  );
}

/** The printable plan (print stylesheet only): what was agreed, for the person to keep. */
function PrintablePlan({
  p,
  person,
  organisationName,
  territory,
}: {
  p: Parcours;
  person: ReturnType<typeof usePersonName>;
  organisationName: (id: string) => string;
  territory?: string;
}) {
  const members = new Map(p.members.map((m) => [m.id, m]));
  return (
    <section className="print-plan print-only" data-testid="printable-plan">
      <h2>
        Plan d’accompagnement de <PersonNameText person={person} />
      </h2>
      <p>
        Référent : {p.referent.name}, {p.referent.role} — {organisationName(p.referent.organisationId)}
        {territory ? ` — ${territory}` : ''}
      </p>
      <p>
        Parcours ouvert le {formatDateTime(p.openedAt)}, avec votre accord du {formatDate(p.agreement.date)}. Plan imprimé le{' '}
        {formatDate(parisToday())}.
      </p>
      {p.goals.map((goal) => (
        <div key={goal.id} className="print-plan__goal">
          <h3>{goal.title}</h3>
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Action</th>
                <th scope="col">Qui</th>
                <th scope="col">Pour le</th>
                <th scope="col">État</th>
              </tr>
            </thead>
            <tbody>
              {goal.actions.map((a) => (
                <tr key={a.id}>
                  <td>{a.label}</td>
                  <td>{memberLabel(members.get(a.ownerMemberId), organisationName)}</td>
                  <td>{formatDate(a.dueDate)}</td>
                  <td>{ACTION_COLUMNS.find((c) => c.status === a.status)?.label}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ))}
      <h3>Les professionnels qui vous accompagnent</h3>
      <ul>
        {p.members
          .filter((m) => !m.removedAt)
          .map((m) => (
            <li key={m.id}>{memberLabel(m, organisationName)}</li>
          ))}
      </ul>
      <p>Vous pouvez demander à tout moment à changer de référent.</p>
    </section>
  );
}

function StatusActions({ p, onDone }: { p: Parcours; onDone: (message: string) => void }) {
  const [reason, setReason] = useState('');
  const [suspending, setSuspending] = useState(false);
  const { run, problem, errorOf } = useApiMutation(
    (api, { path, body }: { path: string; body: unknown; message: string }) => api.post(`/api/parcours/${p.id}/${path}`, body),
    {
      onSuccess: (_answer, { message }) => {
        setSuspending(false);
        setReason('');
        onDone(message);
      },
      focusOnProblem: false,
    },
  );
  const act = (path: string, body: unknown, message: string) => run({ path, body, message });
  return (
    <div className="no-print">
      <ProblemSummary problem={problem} labels={{ reason: 'Motif' }} />
      <div className="button-row">
        {p.status === 'active' && !suspending ? (
          <button type="button" className="button button--secondary" onClick={() => setSuspending(true)}>
            Suspendre le parcours
          </button>
        ) : null}
        {p.status === 'suspended' ? (
          <button type="button" className="button button--secondary" onClick={() => act('resume', {}, 'Le parcours a repris.')}>
            Reprendre le parcours
          </button>
        ) : null}
        <a className="button button--secondary" href={links.closeParcours(p.id)}>
          Clôturer le parcours
        </a>
      </div>
      {suspending ? (
        <form
          className="form card"
          aria-label="Suspendre le parcours"
          onSubmit={(event) => {
            event.preventDefault();
            void act('suspend', { reason }, 'Le parcours est suspendu.');
          }}
        >
          <TextArea
            path="suspend.reason"
            label="Motif de la suspension"
            value={reason}
            onChange={setReason}
            required
            error={errorOf('reason')}
          />
          <div className="form-actions">
            <button type="submit" className="button">
              Suspendre
            </button>
            <button type="button" className="button button--tertiary" onClick={() => setSuspending(false)}>
              Annuler
            </button>
          </div>
        </form>
      ) : null}
    </div>
  );
}

export function ParcoursPage({ id }: { id: string }) {
  const { state, reload, query } = useApiQuery<Parcours>(`/api/parcours/${id}`);
  const { state: territories } = useApiQuery<{ items: Territory[] }>('/api/territories');
  const { data } = useDirectory();
  // One audited read of the person for the heading and the printed plan, kept across reloads of the parcours.
  const [personId, setPersonId] = useState<string | null>(null);
  const readyPersonId = state.status === 'ready' ? state.value.personId : null;
  if (readyPersonId && readyPersonId !== personId) setPersonId(readyPersonId);
  const person = usePersonName(personId);
  const [notice, setNotice] = useState<string | null>(null);
  const [conflict, setConflict] = useState<string | null>(null);
  // The message comes with the plan read again, not beside the plan as it was before.
  const changed = (message: string) => {
    setConflict(null);
    setNotice(null);
    void query.refetch().then(() => setNotice(message));
  };
  const onRefused = (error: unknown) => {
    if (error instanceof ApiError && error.status === 409) {
      setConflict('Cette action a été modifiée entre-temps par un autre membre : le plan a été rechargé, vérifiez-la puis recommencez.');
      reload();
    } else setConflict(messageOf(error));
    return true;
  };
  const moving = useApiMutation(
    (api, { goal, action, to }: { goal: Goal; action: ParcoursAction; to: ActionStatus }) =>
      api.patch(`/api/parcours/${id}/goals/${goal.id}/actions/${action.id}`, { status: to, version: action.version }),
    {
      onSuccess: (_answer, { action, to }) =>
        changed(`« ${action.label} » : ${ACTION_COLUMNS.find((c) => c.status === to)?.label.toLocaleLowerCase('fr')}.`),
      handles: onRefused,
    },
  );
  const removing = useApiMutation((api, m: ParcoursMember) => api.post(`/api/parcours/${id}/members/${m.id}/remove`, {}), {
    onSuccess: (_answer, m) => changed(`${m.name} ne fait plus partie du parcours.`),
    handles: onRefused,
  });
  const organisationName = (orgId: string) => (data.status === 'ready' ? data.organisationName(orgId) : '');

  const render = (p: Parcours) => {
    const territory = territories.status === 'ready' ? territories.value.items.find((t) => t.id === p.territoryId)?.name : undefined;
    const open = p.status !== 'closed';
    const move = (goal: Goal, action: ParcoursAction, to: ActionStatus) => {
      setNotice(null);
      moving.run({ goal, action, to });
    };
    const members = new Map(p.members.map((m) => [m.id, m]));
    const removeMember = (m: ParcoursMember) => removing.run(m);

    return (
      <>
        <p className="breadcrumb no-print">
          <a href="#/mes-parcours">Mes parcours</a> › Parcours
        </p>
        <div className="no-print">
          <PageHeading title="Parcours d’accompagnement">
            Parcours de <PersonNameText person={person} />
          </PageHeading>
        </div>
        {notice ? <SuccessNotice>{notice}</SuccessNotice> : null}
        {conflict ? <ErrorNotice>{conflict}</ErrorNotice> : null}
        <dl className="facts no-print">
          <div>
            <dt>État</dt>
            <dd>
              <span className={`badge ${PARCOURS_STATUS_BADGE[p.status]}`} data-testid="parcours-status">
                {PARCOURS_STATUS_LABEL[p.status]}
              </span>
            </dd>
          </div>
          <div>
            <dt>Référent</dt>
            <dd>
              {p.referent.name} — {organisationName(p.referent.organisationId)}
              {p.you.isReferent ? ' (vous)' : ''}
            </dd>
          </div>
          <div>
            <dt>Accord de la personne</dt>
            <dd>
              Référent choisi et partage accepté le {formatDate(p.agreement.date)}
              {p.agreement.method ? ` (${consentMethodLabel(p.agreement.method).toLocaleLowerCase('fr')})` : ''}
            </dd>
          </div>
          <div>
            <dt>Territoire</dt>
            <dd>{territory ?? 'Non précisé'}</dd>
          </div>
          <div>
            <dt>Personne</dt>
            <dd>
              <a href={links.person(p.personId)}>Voir sa fiche et son historique</a>
            </dd>
          </div>
        </dl>
        <div className="button-row no-print">
          <button type="button" className="button" onClick={() => window.print()} data-testid="print-plan">
            Imprimer le plan
          </button>
        </div>
        {p.you.isReferent && open ? <StatusActions p={p} onDone={changed} /> : null}

        {p.closing ? (
          <Section title="Bilan de fin d’accompagnement" testId="closing">
            <dl className="facts">
              <div>
                <dt>Clôturé le</dt>
                <dd>{formatDateTime(p.closing.closedAt)}</dd>
              </div>
              <div>
                <dt>Motif</dt>
                <dd>{p.closing.reason}</dd>
              </div>
              <div>
                <dt>Ce qu’en dit la personne</dt>
                <dd>« {p.closing.personView} »</dd>
              </div>
            </dl>
            <ul>
              {p.closing.goals.map((g) => (
                <li key={g.goalId}>
                  {p.goals.find((x) => x.id === g.goalId)?.title} : <strong>{OUTCOME_LABEL[g.outcome]}</strong>
                  {g.comment ? ` — ${g.comment}` : ''}
                </li>
              ))}
            </ul>
          </Section>
        ) : null}

        <Section title="Plan d’accompagnement" testId="plan">
          {p.goals.length === 0 ? <p>Aucun objectif pour le moment.</p> : null}
          <Board p={p} organisationName={organisationName} onMove={move} busy={moving.busy} />
          {open ? <AddGoalForm p={p} onDone={() => changed('Objectif ajouté au plan.')} organisationName={organisationName} /> : null}
        </Section>

        <Section title="Instances de concertation" testId="meetings">
          {p.meetings.length === 0 ? <p>Aucune instance consignée.</p> : null}
          <ul className="timeline">
            {p.meetings.map((m) => (
              <li key={m.id} className="timeline__item">
                <p className="timeline__what">
                  <strong>Instance du {formatDate(m.date)}</strong> —{' '}
                  {m.personPresent ? 'la personne était présente' : 'la personne était absente'}
                </p>
                <p className="muted">Participants : {m.participants.map((x) => members.get(x)?.name ?? 'membre').join(', ')}</p>
                {m.notes ? <p>{m.notes}</p> : null}
                {m.decisions.length ? (
                  <ul>
                    {m.decisions.map((d, i) => (
                      <li key={i}>
                        {d.label}
                        {d.actionId ? ' (inscrite au plan)' : ''}
                      </li>
                    ))}
                  </ul>
                ) : null}
              </li>
            ))}
          </ul>
          {open ? <MeetingForm p={p} onDone={() => changed('Instance consignée.')} organisationName={organisationName} /> : null}
        </Section>

        <Section title="Journal" testId="journal">
          {p.journal.length === 0 ? <p>Aucune note.</p> : null}
          <ul className="timeline">
            {p.journal.map((e) => (
              <li key={e.id} className="timeline__item">
                <p className="timeline__what">
                  <strong>{formatDate(e.date)}</strong> — {e.author.name}{' '}
                  {e.visibility === 'referent' ? <span className="badge badge--info">Référent seulement</span> : null}
                </p>
                <p>{e.text}</p>
              </li>
            ))}
          </ul>
          {open ? <JournalForm p={p} onDone={() => changed('Note ajoutée au journal.')} /> : null}
        </Section>

        <Section title="Membres" testId="members">
          <div className="table-wrapper">
            <table className="table">
              <caption className="visually-hidden">Membres du parcours</caption>
              <thead>
                <tr>
                  <th scope="col">Nom</th>
                  <th scope="col">Structure</th>
                  <th scope="col">Fonction</th>
                  <th scope="col">Depuis le</th>
                  <th scope="col">Jusqu’au</th>
                  {p.you.isReferent && open ? <th scope="col">Action</th> : null}
                </tr>
              </thead>
              <tbody>
                {p.members.map((m) => (
                  <tr key={m.id}>
                    <td>
                      {m.name}
                      {m.id === p.referentMemberId ? <span className="badge badge--success"> Référent</span> : null}
                      {m.userId ? null : <span className="muted"> (sans compte Relais)</span>}
                    </td>
                    <td>{organisationName(m.organisationId)}</td>
                    <td>{m.role}</td>
                    <td>{formatDate(m.since)}</td>
                    <td>{m.until ? formatDate(m.until) : '—'}</td>
                    {p.you.isReferent && open ? (
                      <td>
                        {!m.removedAt && m.id !== p.referentMemberId ? (
                          <button type="button" className="button button--tertiary" onClick={() => removeMember(m)}>
                            Retirer<span className="visually-hidden"> {m.name}</span>
                          </button>
                        ) : null}
                      </td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {p.you.isReferent && open ? <MemberForm p={p} onDone={() => changed('Membre ajouté.')} /> : null}
        </Section>

        <PrintablePlan p={p} person={person} organisationName={organisationName} territory={territory} />
      </>
    );
  };
  return (
    <RecordGate
      state={state}
      title="Parcours"
      loading="Chargement du parcours…"
      missing="Parcours introuvable"
      forbidden="Parcours non accessible"
      back={<a href="#/mes-parcours">Retour à mes parcours</a>}
      onRetry={reload}
    >
      {render}
    </RecordGate>
  );
}
