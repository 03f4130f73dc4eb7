/**
 * Correct a reception (site, channel, themes, summary) or cancel it, each with a reason (issue 14,
 * ADR 0028): for the organisation that recorded it. A cancelled reception stays in the history,
 * marked « annulé », and leaves every count.
 */
import { useState } from 'react';
import { CancelReceptionSchema, CorrectReceptionSchema } from '../../../services/intake/domain/reception.schema';
import { useApiMutation } from '../api/queries';
import type { Channel, Reception } from '../api/types';
import {
  type FormCheck,
  FormActions,
  FormCheckbox,
  FormFrame,
  FormRadios,
  FormSelect,
  FormTextArea,
  FormThemeSelect,
  useApiForm,
} from '../components/api-form';
import { useDirectory } from '../directory/directory-data';
import { CHANNELS } from '../labels';

const LABELS: Readonly<Record<string, string>> = {
  siteId: 'Lieu d’accueil',
  channel: 'Mode d’accueil',
  themes: 'Thématiques',
  'themes.*': 'Thématique',
  summary: 'Résumé',
  summaryVisibleToPerson: 'Résumé visible par la personne',
  reason: 'Motif',
  version: 'Version',
};

interface Draft {
  siteId: string;
  channel: Channel;
  themes: string[];
  summary: string;
  summaryVisibleToPerson: boolean;
  reason: string;
}

const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((v, i) => v === b[i]);

/** Only what changed is sent, with the version read and the reason. */
function bodyOf(reception: Reception, d: Draft): Record<string, unknown> {
  const body: Record<string, unknown> = { version: reception.version ?? 1, reason: d.reason.trim() };
  if (d.siteId !== reception.siteId) body.siteId = d.siteId;
  if (d.channel !== reception.channel) body.channel = d.channel;
  if (!same(d.themes, reception.themes)) body.themes = d.themes;
  if (d.summary.trim() !== (reception.summary ?? '')) body.summary = d.summary.trim();
  // Only a named person's reception has someone to show the summary to (issue 15 point 6).
  if (reception.personId && d.summaryVisibleToPerson !== (reception.summaryVisibleToPerson ?? false))
    body.summaryVisibleToPerson = d.summaryVisibleToPerson;
  return body;
}

function checks(d: Draft): FormCheck[] {
  const errors: FormCheck[] = [];
  if (d.themes.length === 0) errors.push({ path: 'themes', message: 'Choisissez au moins une thématique.' });
  if (d.reason.trim().length < 3) errors.push({ path: 'reason', message: 'Indiquez pourquoi vous corrigez cet accueil.' });
  return errors;
}

function CorrectForm({ reception, onSaved, onCancel }: { reception: Reception; onSaved: (r: Reception) => void; onCancel: () => void }) {
  const { data } = useDirectory();
  const sites = data.status === 'ready' ? data.sites.filter((s) => s.organisationId === reception.organisationId) : [];
  const [note, setNote] = useState<string | null>(null);
  const write = useApiMutation((api, body: Record<string, unknown>) => api.patch<Reception>(`/api/receptions/${reception.id}`, body), {
    onSuccess: onSaved,
    focusOnProblem: `[data-testid="reception-edit-form"]`,
  });
  const { form, submit, problem } = useApiForm<Draft, unknown>({
    defaultValues: {
      siteId: reception.siteId,
      channel: reception.channel,
      themes: [...reception.themes],
      summary: reception.summary ?? '',
      summaryVisibleToPerson: reception.summaryVisibleToPerson ?? false,
      reason: '',
    },
    toBody: (d) => bodyOf(reception, d),
    schema: CorrectReceptionSchema,
    checks,
    write,
  });
  return (
    <FormFrame
      form={form}
      onSubmit={submit(() => {
        const body = bodyOf(reception, form.getValues());
        if (Object.keys(body).length === 2) {
          setNote('Rien n’a changé : modifiez un champ avant d’enregistrer.');
          return;
        }
        setNote(null);
        write.run(body);
      })}
      problem={problem}
      labels={LABELS}
      scope="accueil"
      testId="reception-edit-form"
      intro={
        <>
          <h4>Corriger cet accueil</h4>
          {note ? (
            <p className="notice notice--info" role="status">
              {note}
            </p>
          ) : null}
        </>
      }
    >
      <FormRadios name="channel" legend="Mode d’accueil" options={CHANNELS} className="fieldset fieldset--nested inline-radios" />
      <FormSelect name="siteId" label="Lieu d’accueil" required options={sites.map((s) => [s.id, s.name] as const)} />
      <FormThemeSelect hint="Tapez le début d’un mot (« loge », « dette », « santé »), puis Entrée." />
      <FormTextArea name="summary" label="Résumé" rows={3} />
      {reception.personId ? (
        <FormCheckbox
          name="summaryVisibleToPerson"
          label="La personne peut lire ce résumé dans son espace"
          hint="Sinon, le résumé reste entre professionnels. L’information donnée, elle, lui est toujours montrée."
        />
      ) : null}
      <FormTextArea name="reason" label="Motif de la correction" hint="Par exemple : thématique saisie par erreur." required rows={2} />
      <FormActions busy={write.busy} label="Enregistrer la correction" cancel={onCancel} cancelClass="button--tertiary" />
    </FormFrame>
  );
}

function CancelForm({ reception, onSaved, onCancel }: { reception: Reception; onSaved: (r: Reception) => void; onCancel: () => void }) {
  const write = useApiMutation((api, body: { reason: string }) => api.post<Reception>(`/api/receptions/${reception.id}/cancel`, body), {
    onSuccess: onSaved,
    focusOnProblem: `[data-testid="reception-cancel-form"]`,
  });
  const { form, submit, problem } = useApiForm<{ reason: string }, unknown>({
    defaultValues: { reason: '' },
    toBody: (d) => ({ reason: d.reason.trim() }),
    schema: CancelReceptionSchema,
    checks: (d) => (d.reason.trim().length < 3 ? [{ path: 'reason', message: 'Indiquez pourquoi vous annulez cet accueil.' }] : []),
    write,
  });
  return (
    <FormFrame
      form={form}
      onSubmit={submit(() => write.run({ reason: form.getValues().reason.trim() }))}
      problem={problem}
      labels={{ reason: 'Motif' }}
      scope="annulation"
      testId="reception-cancel-form"
      intro={
        <>
          <h4>Annuler cet accueil</h4>
          <p className="hint">Il restera dans l’historique, marqué « annulé », et ne comptera plus dans les indicateurs.</p>
        </>
      }
    >
      <FormTextArea name="reason" label="Motif de l’annulation" hint="Par exemple : accueil saisi deux fois." required rows={2} />
      <FormActions busy={write.busy} label="Annuler cet accueil" busyLabel="Annulation…" cancel={onCancel} cancelClass="button--tertiary" />
    </FormFrame>
  );
}

/** The two actions on a reception of one's own organisation, each opening its form. */
export function ReceptionCorrections({ reception, onChanged }: { reception: Reception; onChanged: (r: Reception, what: string) => void }) {
  const [open, setOpen] = useState<'correct' | 'cancel' | null>(null);
  if (open === 'correct')
    return (
      <CorrectForm
        reception={reception}
        onSaved={(r) => {
          setOpen(null);
          onChanged(r, 'L’accueil a été corrigé.');
        }}
        onCancel={() => setOpen(null)}
      />
    );
  if (open === 'cancel')
    return (
      <CancelForm
        reception={reception}
        onSaved={(r) => {
          setOpen(null);
          onChanged(r, 'L’accueil a été annulé.');
        }}
        onCancel={() => setOpen(null)}
      />
    );
  return (
    <div className="button-row">
      <button type="button" className="button button--secondary" onClick={() => setOpen('correct')} data-testid="correct-reception">
        Corriger cet accueil
      </button>
      <button type="button" className="button button--tertiary" onClick={() => setOpen('cancel')} data-testid="cancel-reception">
        Annuler cet accueil
      </button>
    </div>
  );
}
