/**
 * `#/parcours/<id>/cloturer`: the end-of-accompaniment assessment — an outcome for every goal,
 * the person's own view in her words, and the reason for closing. The référent only; without an
 * outcome for each goal the API refuses (422) and the page names the goal.
 */
import { CloseParcoursSchema } from '../../../services/parcours/domain/parcours.schema';
import { useApiMutation, useApiQuery } from '../api/queries';
import { FormActions, FormFrame, FormSelect, FormTextArea, useApiForm } from '../components/api-form';
import { useFormDraft } from '../components/form-draft';
import { PageHeading } from '../components/page-heading';
import { RecordGate } from '../components/record-page';
import { ErrorNotice } from '../components/status';
import { OUTCOME_LABEL, type Outcome, type Parcours } from '../parcours/parcours-types';
import { links, navigate } from '../router';

interface Draft {
  /** One a goal of the parcours, in its order. */
  goals: Array<{ goalId: string; outcome: string; comment: string }>;
  personView: string;
  reason: string;
}

const OUTCOMES = Object.entries(OUTCOME_LABEL) as Array<[Outcome, string]>;

/** Only the goals given an outcome are sent: the API names those left without. */
const bodyOf = (d: Draft) => ({
  reason: d.reason,
  personView: d.personView,
  goals: d.goals
    .filter((g) => g.outcome)
    .map((g) => ({ goalId: g.goalId, outcome: g.outcome, ...(g.comment.trim() ? { comment: g.comment.trim() } : {}) })),
});

/** The assessment of a parcours: an outcome a goal, the person's view, the reason. */
function CloseForm({ p }: { p: Parcours }) {
  const write = useApiMutation((api, body: Record<string, unknown>) => api.post(`/api/parcours/${p.id}/close`, body), {
    onSuccess: () => {
      kept.clear();
      navigate(links.parcours(p.id) as `#/${string}`);
    },
  });
  const { form, submit, problem } = useApiForm<Draft, unknown>({
    defaultValues: { goals: p.goals.map((g) => ({ goalId: g.id, outcome: '', comment: '' })), personView: '', reason: '' },
    toBody: bodyOf,
    schema: CloseParcoursSchema,
    write,
  });
  const kept = useFormDraft(`parcours:${p.id}:cloture`, form);
  return (
    <FormFrame
      form={form}
      onSubmit={submit(() => write.run(bodyOf(form.getValues())))}
      problem={problem}
      labels={{ reason: 'Motif de la clôture', personView: 'Parole de la personne', goals: 'Objectifs' }}
      draft={kept}
      className="form"
      testId="close-form"
    >
      {p.goals.map((g, i) => (
        <fieldset key={g.id} className="fieldset">
          <legend>Objectif : {g.title}</legend>
          <FormSelect name={`goals.${i}.outcome`} label="Résultat" placeholder="Choisir" required options={OUTCOMES} />
          <FormTextArea name={`goals.${i}.comment`} label="Commentaire (facultatif)" rows={2} />
        </fieldset>
      ))}
      <FormTextArea name="personView" label="Ce qu’en dit la personne, dans ses mots" required rows={4} />
      <FormTextArea name="reason" label="Motif de la clôture" required rows={2} />
      <FormActions busy={write.busy} label="Clôturer avec ce bilan" busyLabel="Clôturer avec ce bilan">
        <a href={links.parcours(p.id)}>Annuler</a>
      </FormActions>
    </FormFrame>
  );
}

export function CloseParcoursPage({ id }: { id: string }) {
  const { state, reload } = useApiQuery<Parcours>(`/api/parcours/${id}`);
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
    return (
      <>
        <p className="breadcrumb">
          <a href={links.parcours(p.id)}>Parcours</a> › Clôture
        </p>
        <PageHeading title="Clôturer le parcours" />
        <p>Le bilan de fin d’accompagnement donne un résultat pour chaque objectif et la parole de la personne, dans ses mots.</p>
        <CloseForm p={p} />
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
