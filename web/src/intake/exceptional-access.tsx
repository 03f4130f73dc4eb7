import { useApiMutation } from '../api/queries';
import { type FormEvent, useState } from 'react';
import { ProblemSummary, SelectField, TextArea } from '../components/form';

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
  const [reason, setReason] = useState('');
  const [details, setDetails] = useState('');
  const { run, busy, problem, errorOf } = useApiMutation(
    (api, body: { reason: string; details: string }) =>
      api.post<{ grantedUntil: string }>(`/api/persons/${personId}/exceptional-access`, body),
    { onSuccess: onGranted, focusOnProblem: '[data-testid="exceptional-access-form"]' },
  );

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

  const submit = (event: FormEvent) => {
    event.preventDefault();
    run({ reason, details });
  };

  return (
    <form className="record-form" onSubmit={submit} noValidate data-testid="exceptional-access-form">
      <h2>Accès exceptionnel</h2>
      <p className="hint">
        Seulement si vous devez lire ce dossier sans attendre l’accord de la personne. L’accès dure 24 heures ; chaque lecture est tracée,
        le pilote du réseau en est prévenu aussitôt et la personne pourra le voir.
      </p>
      <ProblemSummary problem={problem} labels={{ reason: 'Motif', details: 'Explication' }} />
      <SelectField
        path="reason"
        label="Motif"
        value={reason}
        onChange={setReason}
        options={EXCEPTIONAL_REASONS}
        placeholder="Choisissez le motif"
        error={errorOf('reason')}
        required
      />
      <TextArea
        path="details"
        label="Explication"
        hint="De 10 à 1000 caractères : ce qui rend cette lecture nécessaire maintenant."
        value={details}
        onChange={setDetails}
        error={errorOf('details')}
        required
        rows={4}
      />
      <div className="form-actions">
        <button type="submit" className="button" disabled={busy}>
          {busy ? 'Ouverture…' : 'Ouvrir l’accès pour 24 heures'}
        </button>
        <button type="button" className="button button--tertiary" onClick={() => setOpen(false)}>
          Annuler
        </button>
      </div>
    </form>
  );
}
