import { useState } from 'react';
import { ExceptionalAccessRequestSchema } from '../../../services/intake/domain/exceptional-access.schema';
import { useApiMutation } from '../api/queries';
import { FormActions, FormFrame, FormSelect, FormTextArea, useApiForm } from '../components/api-form';
import { useFormDraft } from '../components/form-draft';
/** The reasons an exceptional access may be opened for (API: `reason`). */
export const EXCEPTIONAL_REASONS = [
  ['danger', 'Mise en danger de la personne ou d’un tiers'],
  ['legal_obligation', 'Obligation légale'],
  ['continuity_of_care', 'Continuité de l’accompagnement'],
] as const;

/**
 * « Accès exceptionnel » (break-glass, ADR 0016): from the restricted view, a professional who
 * must read the file says why; the file opens in full for 24 hours, every read is traced as
 * exceptional, and the coordinator is told at once.
 */
export function ExceptionalAccessForm({ personId, onGranted }: { personId: string; onGranted: () => void }) {
  const [open, setOpen] = useState(false);
  const write = useApiMutation(
    (api, body: { reason: string; details: string }) =>
      api.post<{ grantedUntil: string }>(`/api/persons/${personId}/exceptional-access`, body),
    {
      onSuccess: () => {
        kept.clear();
        onGranted();
      },
      focusOnProblem: '[data-testid="exceptional-access-form"]',
    },
  );
  const focusSummary = () =>
    window.requestAnimationFrame(() =>
      document.querySelector<HTMLElement>('[data-testid="exceptional-access-form"] [data-testid="problem"]')?.focus(),
    );
  const { form, submit, problem } = useApiForm({
    defaultValues: { reason: '', details: '' },
    toBody: (d) => d,
    schema: ExceptionalAccessRequestSchema,
    write,
    onInvalid: focusSummary,
  });
  const kept = useFormDraft(open ? `acces-exceptionnel:${personId}` : null, form);

  if (!open) {
    return (
      <>
        <p>Vous devez lire ce dossier sans attendre son accord (mise en danger, obligation légale, continuité de l’accompagnement) ?</p>
        <div className="button-row">
          <button type="button" className="button button--secondary" onClick={() => setOpen(true)}>
            Demander un accès exceptionnel
          </button>
        </div>
      </>
    );
  }

  return (
    <FormFrame
      form={form}
      onSubmit={submit(() => write.run(form.getValues()))}
      problem={problem}
      labels={{ reason: 'Motif', details: 'Explication' }}
      draft={kept}
      testId="exceptional-access-form"
      intro={
        <>
          <h2>Accès exceptionnel</h2>
          <p className="hint">
            Seulement si vous devez lire ce dossier sans attendre l’accord de la personne. L’accès dure 24 heures ; chaque lecture est
            tracée, le pilote du réseau en est prévenu aussitôt et la personne pourra le voir.
          </p>
        </>
      }
    >
      <FormSelect name="reason" label="Motif" options={EXCEPTIONAL_REASONS} placeholder="Choisissez le motif" required />
      <FormTextArea
        name="details"
        label="Explication"
        hint="De 10 à 1000 caractères : ce qui rend cette lecture nécessaire maintenant."
        required
        rows={4}
      />
      <FormActions
        busy={write.busy}
        label="Ouvrir l’accès pour 24 heures"
        busyLabel="Ouverture…"
        cancel={() => {
          kept.clear();
          setOpen(false);
        }}
        cancelClass="button--tertiary"
      />
    </FormFrame>
  );
}
