/**
 * `#/parcours/<id>/cloturer`: the end-of-accompaniment assessment — an outcome for every goal,
 * the person's own view in her words, and the reason for closing. The référent only; without an
 * outcome for each goal the API refuses (422) and the page names the goal.
 */
import { type FormEvent, useState } from 'react';
import { useApiMutation, useApiQuery } from '../api/queries';
import { ProblemSummary, SelectField, TextArea } from '../components/form';
import { PageHeading } from '../components/page-heading';
import { RecordGate } from '../components/record-page';
import { ErrorNotice } from '../components/status';
import { OUTCOME_LABEL, type Outcome, type Parcours } from '../parcours/parcours-types';
import { links, navigate } from '../router';

export function CloseParcoursPage({ id }: { id: string }) {
  const { state, reload } = useApiQuery<Parcours>(`/api/parcours/${id}`);
  const [outcomes, setOutcomes] = useState<Record<string, string>>({});
  const [comments, setComments] = useState<Record<string, string>>({});
  const [personView, setPersonView] = useState('');
  const [reason, setReason] = useState('');
  const { run, busy, problem, errorOf } = useApiMutation(
    (api, body: Record<string, unknown>) => api.post(`/api/parcours/${id}/close`, body),
    {
      onSuccess: () => navigate(links.parcours(id) as `#/${string}`),
    },
  );

  const render = (p: Parcours) => {
    if (!p.you.isReferent || p.status === 'closed') {
      return (
        <>
          <PageHeading title="Clôturer le parcours" />
          <ErrorNotice>{p.status === 'closed' ? 'Ce parcours est déjà clôturé.' : 'Seul le référent clôture le parcours.'}</ErrorNotice>
          <p>
            <a href={links.parcours(p.id)}>Retour au parcours</a>
          </p>
        </>
      );
    }
    const submit = (event: FormEvent) => {
      event.preventDefault();
      run({
        reason,
        personView,
        goals: p.goals
          .filter((g) => outcomes[g.id])
          .map((g) => ({
            goalId: g.id,
            outcome: outcomes[g.id] as Outcome,
            ...(comments[g.id]?.trim() ? { comment: comments[g.id]?.trim() } : {}),
          })),
      });
    };
    return (
      <>
        <p className="breadcrumb">
          <a href={links.parcours(p.id)}>Parcours</a> › Clôture
        </p>
        <PageHeading title="Clôturer le parcours" />
        <p>Le bilan de fin d’accompagnement donne un résultat pour chaque objectif et la parole de la personne, dans ses mots.</p>
        <form onSubmit={submit} noValidate className="form" data-testid="close-form">
          <ProblemSummary
            problem={problem}
            labels={{ reason: 'Motif de la clôture', personView: 'Parole de la personne', goals: 'Objectifs' }}
          />
          {p.goals.map((g, i) => (
            <fieldset key={g.id} className="fieldset">
              <legend>Objectif : {g.title}</legend>
              <SelectField
                path={`goals.${i}.outcome`}
                label="Résultat"
                value={outcomes[g.id] ?? ''}
                onChange={(v) => setOutcomes((o) => ({ ...o, [g.id]: v }))}
                placeholder="Choisir"
                required
                options={Object.entries(OUTCOME_LABEL) as Array<[Outcome, string]>}
              />
              <TextArea
                path={`goals.${i}.comment`}
                label="Commentaire (facultatif)"
                value={comments[g.id] ?? ''}
                onChange={(v) => setComments((c) => ({ ...c, [g.id]: v }))}
                rows={2}
              />
            </fieldset>
          ))}
          <TextArea
            path="personView"
            label="Ce qu’en dit la personne, dans ses mots"
            value={personView}
            onChange={setPersonView}
            required
            rows={4}
            error={errorOf('personView')}
          />
          <TextArea
            path="reason"
            label="Motif de la clôture"
            value={reason}
            onChange={setReason}
            required
            rows={2}
            error={errorOf('reason')}
          />
          <div className="form-actions">
            <button type="submit" className="button" disabled={busy}>
              Clôturer avec ce bilan
            </button>
            <a href={links.parcours(p.id)}>Annuler</a>
          </div>
        </form>
      </>
    );
  };
  return (
    <RecordGate
      state={state}
      title="Clôturer le parcours"
      loading="Chargement du parcours…"
      missing="Parcours introuvable"
      onRetry={reload}
    >
      {render}
    </RecordGate>
  );
}
