/**
 * The forms that add to a parcours: a goal, a meeting, a journal note, a member. Each is checked
 * with the parcours service's request schema, keeps its typing across a session expiry, and
 * names its fields' ids apart (several share the page).
 */
import { type ReactNode, useId } from 'react';
import type { FieldValues } from 'react-hook-form';
import type * as z from 'zod';
import {
  AddGoalSchema,
  AddJournalEntrySchema,
  AddMemberSchema,
  RecordMeetingSchema,
} from '../../../services/parcours/domain/parcours.schema';
import { useCreate } from '../api/queries';
import { FormActions, FormCheckbox, FormFrame, FormSelect, FormText, FormTextArea, useApiForm, useFormField } from '../components/api-form';
import { CheckboxField } from '../components/form';
import { useFormDraft } from '../components/form-draft';
import { useDirectory } from '../directory/directory-data';
import { type Parcours, parisToday } from './parcours-types';
import { memberLabel, PERSON_OWNER } from './parts';

type Section = 'goals' | 'meetings' | 'journal' | 'members';

/**
 * A section's creating POST (`goals`, `meetings`, `journal`, `members`): the parcours is read
 * again afterwards (`onDone`), and the form starts again from `next(values)`.
 */
function useSectionForm<TDraft extends FieldValues>({
  p,
  section,
  defaultValues,
  toBody,
  schema,
  fieldOf,
  next,
  onDone,
}: {
  p: Parcours;
  section: Section;
  defaultValues: TDraft;
  toBody: (draft: TDraft) => Record<string, unknown>;
  schema: z.ZodType;
  fieldOf?: (bodyPath: string) => string;
  /** The form after a success: what is kept (the owner, the date) and what empties. */
  next: (sent: TDraft) => TDraft;
  onDone: () => void;
}) {
  const write = useCreate<Record<string, unknown>, unknown>(`/api/parcours/${p.id}/${section}`, {
    onSuccess: () => {
      kept.clear();
      form.reset(next(form.getValues()));
      onDone();
    },
    focusOnProblem: false,
  });
  const { form, submit, problem } = useApiForm<TDraft, unknown>({
    defaultValues,
    toBody,
    schema,
    fieldOf,
    write,
    onInvalid: () => undefined,
  });
  const kept = useFormDraft(`parcours:${p.id}:${section}`, form);
  const onSubmit = submit(() => write.run(toBody(form.getValues())));
  return { form, onSubmit, problem, busy: write.busy, kept };
}

/** The frame of a section's form: its title, the kept draft, the refusal, its button. */
function SectionForm<TDraft extends FieldValues>({
  section,
  scope,
  title,
  label,
  labels,
  submitLabel,
  children,
}: {
  section: ReturnType<typeof useSectionForm<TDraft>>;
  scope: string;
  title: string;
  label: string;
  labels: Readonly<Record<string, string>>;
  submitLabel: string;
  children: ReactNode;
}) {
  return (
    <FormFrame of={section} labels={labels} scope={scope} draft={section.kept} className="form card" label={label} intro={<h3>{title}</h3>}>
      {children}
      <FormActions busy={section.busy} label={submitLabel} busyLabel={submitLabel} />
    </FormFrame>
  );
}

interface GoalDraft {
  title: string;
  action: { label: string; ownerMemberId: string; dueDate: string };
}

/** The goal's first action is optional: without a label, none. */
const goalBody = (d: GoalDraft) => ({
  title: d.title,
  actions: d.action.label.trim() ? [{ ...d.action, label: d.action.label.trim() }] : [],
});

export function AddGoalForm({
  p,
  onDone,
  organisationName,
}: {
  p: Parcours;
  onDone: () => void;
  organisationName: (id: string) => string;
}) {
  const section = useSectionForm<GoalDraft>({
    p,
    section: 'goals',
    defaultValues: { title: '', action: { label: '', ownerMemberId: p.you.memberId, dueDate: '' } },
    toBody: goalBody,
    schema: AddGoalSchema,
    fieldOf: (path) => path.replace(/^actions\.0(\.|$)/, 'action$1'),
    next: (sent) => ({ title: '', action: { label: '', ownerMemberId: sent.action.ownerMemberId, dueDate: '' } }),
    onDone,
  });
  const active = p.members.filter((m) => !m.removedAt);
  return (
    <SectionForm
      section={section}
      scope="goal"
      title="Ajouter un objectif"
      label="Ajouter un objectif"
      labels={{ title: 'Objectif', 'action.label': 'Action', 'action.ownerMemberId': 'Responsable', 'action.dueDate': 'Échéance' }}
      submitLabel="Ajouter l’objectif"
    >
      <FormText name="title" label="Objectif" required />
      <FormText name="action.label" label="Première action (facultatif)" />
      <FormSelect
        name="action.ownerMemberId"
        label="Responsable de l’action"
        options={[
          ...active.map((m) => [m.id, memberLabel(m, organisationName)] as const),
          [PERSON_OWNER, 'La personne elle-même'] as const,
        ]}
      />
      <FormText name="action.dueDate" label="Échéance de l’action" type="date" />
    </SectionForm>
  );
}

interface MeetingDraft {
  date: string;
  personPresent: boolean;
  participants: string[];
  notes: string;
  /** One decision a line. */
  decisions: string;
}

const meetingBody = (d: MeetingDraft) => ({
  ...d,
  decisions: d.decisions
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean),
});

/** The members who took part: one box each. */
function Participants({ members, organisationName }: { members: Parcours['members']; organisationName: (id: string) => string }) {
  const legendId = useId();
  const { value, onChange, error } = useFormField<string[]>('participants');
  return (
    <fieldset className="fieldset" aria-describedby={legendId}>
      <legend id={legendId}>Participants</legend>
      {members.map((m) => (
        <CheckboxField
          key={m.id}
          path={`meeting.participants.${m.id}`}
          label={memberLabel(m, organisationName)}
          checked={value.includes(m.id)}
          onChange={(checked) => onChange(checked ? [...value, m.id] : value.filter((x) => x !== m.id))}
        />
      ))}
      {error ? <p className="field__error">{error}</p> : null}
    </fieldset>
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
  const section = useSectionForm<MeetingDraft>({
    p,
    section: 'meetings',
    defaultValues: { date: parisToday(), personPresent: true, participants: [p.you.memberId], notes: '', decisions: '' },
    toBody: meetingBody,
    schema: RecordMeetingSchema,
    fieldOf: (path) => path.replace(/^decisions\..*$/, 'decisions'),
    next: (sent) => ({ ...sent, notes: '', decisions: '' }),
    onDone,
  });
  return (
    <SectionForm
      section={section}
      scope="meeting"
      title="Consigner une instance"
      label="Consigner une instance de concertation"
      labels={{ date: 'Date', 'participants.*': 'Participant', participants: 'Participants', notes: 'Notes', decisions: 'Décisions' }}
      submitLabel="Consigner l’instance"
    >
      <FormText name="date" label="Date" type="date" required />
      <FormCheckbox name="personPresent" label="La personne était présente" hint="La personne est invitée à chaque instance." />
      <Participants members={p.members.filter((m) => !m.removedAt)} organisationName={organisationName} />
      <FormTextArea name="notes" label="Notes" rows={4} />
      <FormTextArea name="decisions" label="Décisions" hint="Une décision par ligne." rows={3} />
    </SectionForm>
  );
}

export function JournalForm({ p, onDone }: { p: Parcours; onDone: () => void }) {
  const section = useSectionForm<{ text: string; visibility: string; visibleToPerson: boolean }>({
    p,
    section: 'journal',
    defaultValues: { text: '', visibility: 'all', visibleToPerson: false },
    toBody: (d) => d,
    schema: AddJournalEntrySchema,
    next: (sent) => ({ ...sent, text: '' }),
    onDone,
  });
  return (
    <SectionForm
      section={section}
      scope="journal"
      title="Écrire dans le journal"
      label="Écrire dans le journal"
      labels={{ text: 'Note', visibleToPerson: 'Visible par la personne' }}
      submitLabel="Ajouter la note"
    >
      <FormTextArea name="text" label="Note" required />
      <FormSelect
        name="visibility"
        label="Qui peut la lire"
        options={[
          ['all', 'Tous les membres du parcours'],
          ['referent', 'Le référent seulement'],
        ]}
      />
      <FormCheckbox
        name="visibleToPerson"
        label="La personne peut lire cette note dans son espace"
        hint="Sinon, la note reste entre professionnels. Jamais pour une note réservée au référent."
      />
    </SectionForm>
  );
}

interface MemberDraft {
  name: string;
  organisationId: string;
  role: string;
  userId: string;
}

export function MemberForm({ p, onDone }: { p: Parcours; onDone: () => void }) {
  const { data } = useDirectory();
  const section = useSectionForm<MemberDraft>({
    p,
    section: 'members',
    defaultValues: { name: '', organisationId: '', role: '', userId: '' },
    toBody: ({ userId, ...d }) => ({ ...d, ...(userId.trim() ? { userId: userId.trim() } : {}) }),
    schema: AddMemberSchema,
    next: (sent) => ({ name: '', organisationId: sent.organisationId, role: '', userId: '' }),
    onDone,
  });
  return (
    <SectionForm
      section={section}
      scope="member"
      title="Ajouter un membre"
      label="Ajouter un membre"
      labels={{ name: 'Nom', organisationId: 'Structure', role: 'Fonction', userId: 'Compte Relais' }}
      submitLabel="Ajouter le membre"
    >
      <FormText name="name" label="Nom et prénom" required />
      <FormSelect
        name="organisationId"
        label="Structure"
        placeholder="Choisir une structure"
        required
        options={data.status === 'ready' ? data.organisations.map((o) => [o.id, o.name] as const) : []}
      />
      <FormText name="role" label="Fonction dans le parcours" required />
      <FormText
        name="userId"
        label="Identifiant de son compte Relais (facultatif)"
        hint="Seul un membre qui a un compte Relais peut lire le parcours et l’historique de la personne."
      />
    </SectionForm>
  );
}
