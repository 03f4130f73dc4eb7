/**
 * `#/parcours/<id>`: one parcours, for its members only — the shared plan as a board (à faire,
 * en cours, fait), the meetings (instances de concertation), the journal and the members. The
 * référent adds and removes members, suspends, resumes and closes. « Imprimer le plan » prints
 * the plan to hand to the person (print stylesheet): she keeps a copy of what was agreed.
 */
import { ofName } from '../../../shared/text/french';
import { type ReactNode, useState } from 'react';
import { ApiError, messageOf } from '../api/http';
import { useApiMutation, useApiQuery } from '../api/queries';
import { Fact, Facts, History, type HistoryEntry, RecordGate, RecordPage, recordWords } from '../components/record-page';
import { ErrorNotice, SuccessNotice } from '../components/status';
import { useDirectory } from '../directory/directory-data';
import { DataTable } from '../components/data-table';
import { consentMethodLabel, formatDate, formatDateTime } from '../labels';
import { Board } from '../parcours/board';
import { JournalVisibilityToggle, mayToggleJournalEntry } from '../parcours/journal-visibility';
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
  type Territory,
} from '../parcours/parcours-types';
import { Section } from '../parcours/parts';
import { PrintablePlan } from '../parcours/printable-plan';
import { AddGoalForm, JournalForm, MeetingForm, MemberForm } from '../parcours/section-forms';
import { PersonRequests } from '../parcours/person-requests';
import { StatusActions } from '../parcours/status-actions';
import { links } from '../router';
import { PersonNameText, usePersonName } from './my-parcours.page';
import '../parcours/parcours.css';

const PARCOURS_WORDS = recordWords('Parcours', 'Chargement du parcours…', 'Parcours introuvable', 'Parcours non accessible');

/** A meeting in the parcours's history: its date, whether the person was there, who took part, what was decided. */
function meetingEntry(m: Parcours['meetings'][number], memberName: (id: string) => string | undefined): HistoryEntry {
  const decisions = m.decisions.map((d, i) => <li key={i}>{`${d.label}${d.actionId ? ' (inscrite au plan)' : ''}`}</li>);
  return {
    key: m.id,
    what: (
      <>
        <strong>Instance du {formatDate(m.date)}</strong> — {m.personPresent ? 'la personne était présente' : 'la personne était absente'}
      </>
    ),
    details: (
      <>
        <p className="muted">Participants : {m.participants.map((x) => memberName(x) ?? 'membre').join(', ')}</p>
        {m.notes ? <p>{m.notes}</p> : null}
        {decisions.length ? <ul>{decisions}</ul> : null}
      </>
    ),
  };
}

/**
 * A note of the journal: its date and author, « Référent seulement » when it is, « Visible par la
 * personne » when it is shown to her; for its author or the référent, the button that shows or hides it.
 */
const journalEntry = (e: Parcours['journal'][number], toggle: ReactNode): HistoryEntry => ({
  key: e.id,
  what: (
    <>
      <strong>{formatDate(e.date)}</strong> — {e.author.name}{' '}
      {e.visibility === 'referent' ? <span className="badge badge--info">Référent seulement</span> : null}
      {e.visibleToPerson ? <span className="badge badge--info">Visible par la personne</span> : null}
    </>
  ),
  details: (
    <>
      <p>{e.text}</p>
      {toggle}
    </>
  ),
});

/** A comment the person wrote in her space, on the plan, a goal or an action (issue 15). */
const commentEntry = (c: Parcours['comments'][number], p: Parcours): HistoryEntry => {
  const goal = c.goalId ? p.goals.find((g) => g.id === c.goalId) : undefined;
  const action = c.actionId ? goal?.actions.find((a) => a.id === c.actionId) : undefined;
  return {
    key: c.id,
    what: (
      <>
        <strong>{formatDate(c.createdAt.slice(0, 10))}</strong> — la personne, sur{' '}
        {action ? `l’action « ${action.label} »` : goal ? `l’objectif « ${goal.title} »` : 'son plan'}
      </>
    ),
    details: <p>{c.text}</p>,
  };
};

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
      setConflict(`${error.message} Le plan vient d’être rechargé.`);
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
      <RecordPage
        trail={[{ label: 'Mes parcours', href: '#/mes-parcours' }, { label: 'Parcours' }]}
        title="Parcours d’accompagnement"
        heading={
          <>
            {person.name ? (
              `Parcours ${ofName(person.name)}`
            ) : (
              <>
                Parcours de <PersonNameText person={person} />
              </>
            )}
          </>
        }
        notices={
          <>
            {notice ? <SuccessNotice>{notice}</SuccessNotice> : null}
            {conflict ? <ErrorNotice>{conflict}</ErrorNotice> : null}
          </>
        }
        actions={
          <>
            <Facts>
              <Fact label="État">
                <span className={`badge ${PARCOURS_STATUS_BADGE[p.status]}`} data-testid="parcours-status">
                  {PARCOURS_STATUS_LABEL[p.status]}
                </span>
              </Fact>
              <Fact label="Référent">
                {p.referent.name} — {organisationName(p.referent.organisationId)}
                {p.you.isReferent ? ' (vous)' : ''}
              </Fact>
              <Fact label="Accord de la personne">
                Référent choisi et partage accepté le {formatDate(p.agreement.date)}
                {p.agreement.method ? ` (${consentMethodLabel(p.agreement.method).toLocaleLowerCase('fr')})` : ''}
              </Fact>
              <Fact label="Territoire">{territory ?? 'Non précisé'}</Fact>
              <Fact label="Personne">
                <a href={links.person(p.personId)}>Voir sa fiche et son historique</a>
              </Fact>
            </Facts>
            <div className="button-row">
              <button type="button" className="button" onClick={() => window.print()} data-testid="print-plan">
                Imprimer le plan
              </button>
            </div>
            {p.you.isReferent && open ? <StatusActions p={p} onDone={changed} /> : null}
          </>
        }
      >
        {p.closing ? (
          <Section title="Bilan de fin d’accompagnement" testId="closing">
            <Facts>
              <Fact label="Clôturé le">{formatDateTime(p.closing.closedAt)}</Fact>
              <Fact label="Motif">{p.closing.reason}</Fact>
              <Fact label="Ce qu’en dit la personne">« {p.closing.personView} »</Fact>
            </Facts>
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

        <PersonRequests parcoursId={p.id} isReferent={p.you.isReferent} open={open} onPlanChanged={reload} />

        <Section title="Instances de concertation" testId="meetings">
          <History empty="Aucune instance consignée." entries={p.meetings.map((m) => meetingEntry(m, (id) => members.get(id)?.name))} />
          {open ? <MeetingForm p={p} onDone={() => changed('Instance consignée.')} organisationName={organisationName} /> : null}
        </Section>

        <Section title="Journal" testId="journal">
          <History
            empty="Aucune note."
            entries={p.journal.map((e) =>
              journalEntry(
                e,
                mayToggleJournalEntry(p, e) ? (
                  <JournalVisibilityToggle parcoursId={p.id} entry={e} onDone={changed} onRefused={onRefused} />
                ) : null,
              ),
            )}
          />
          {open ? <JournalForm p={p} onDone={() => changed('Note ajoutée au journal.')} /> : null}
        </Section>

        <Section title="Commentaires de la personne" testId="person-comments">
          <History empty="La personne n’a pas encore écrit de commentaire." entries={p.comments.map((c) => commentEntry(c, p))} />
        </Section>

        <Section title="Membres" testId="members">
          <DataTable
            caption="Membres du parcours"
            hiddenCaption
            columns={['Nom', 'Structure', 'Fonction', 'Depuis le', 'Jusqu’au', p.you.isReferent && open ? 'Action' : null]}
          >
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
          </DataTable>
          {p.you.isReferent && open ? <MemberForm p={p} onDone={() => changed('Membre ajouté.')} /> : null}
        </Section>

        <PrintablePlan p={p} person={person} organisationName={organisationName} territory={territory} />
      </RecordPage>
    );
  };
  return (
    <RecordGate state={state} {...PARCOURS_WORDS} back={<a href="#/mes-parcours">Retour à mes parcours</a>} onRetry={reload}>
      {render}
    </RecordGate>
  );
}
