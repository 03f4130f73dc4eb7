/** The forms that add to a parcours: a goal, a meeting, a journal note, a member. */
import { type FormEvent, useId, useState } from 'react';
import { useCreate } from '../api/queries';
import { CheckboxField, ProblemSummary, SelectField, TextArea, TextField } from '../components/form';
import { useDirectory } from '../directory/directory-data';
import { type Parcours, parisToday } from './parcours-types';
import { memberLabel } from './parts';

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

export function AddGoalForm({
  p,
  onDone,
  organisationName,
}: {
  p: Parcours;
  onDone: () => void;
  organisationName: (id: string) => string;
}) {
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

export function MeetingForm({
  p,
  onDone,
  organisationName,
}: {
  p: Parcours;
  onDone: () => void;
  organisationName: (id: string) => string;
}) {
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

export function JournalForm({ p, onDone }: { p: Parcours; onDone: () => void }) {
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

export function MemberForm({ p, onDone }: { p: Parcours; onDone: () => void }) {
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
