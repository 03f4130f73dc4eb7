/**
 * `#/campagnes` (coordination, issue 16 point 1, ADR 0044): launch a review campaign for a
 * territory or an organisation kind — each partner of that scope receives one message with the
 * link to check its directory entries, the coordinator's message added — and follow each
 * campaign's progress (sent, confirmed, corrected, no answer yet).
 */
import { CreateReviewCampaignSchema } from '../../../services/directory/domain/campaign';
import { useState } from 'react';
import { useApiQuery, useCreate } from '../api/queries';
import type { ReviewCampaign } from '../api/types';
import { FormActions, FormFrame, FormSelect, FormTextArea, useApiForm } from '../components/api-form';
import { optional } from '../components/form';
import { PageHeading } from '../components/page-heading';
import { ErrorNotice, Loading, SuccessNotice } from '../components/status';
import { TableRegion } from '../components/table-region';
import { formatDateTime, formatInteger, organisationKindLabel, RESEAUX_PORTEURS } from '../labels';

const LABELS: Readonly<Record<string, string>> = {
  territoryId: 'Territoire',
  organisationKind: 'Type de structure',
  message: 'Message aux partenaires',
};

interface Draft {
  territoryId: string;
  organisationKind: string;
  message: string;
}
const EMPTY: Draft = { territoryId: '', organisationKind: '', message: '' };

const bodyOf = (d: Draft) => ({
  territoryId: optional(d.territoryId),
  organisationKind: optional(d.organisationKind),
  message: optional(d.message),
});

/** What the campaign covers, in words. */
export function scopeText(c: ReviewCampaign): string {
  const parts = [
    c.territoryName ?? (c.territoryId ? 'territoire' : ''),
    c.organisationKind ? organisationKindLabel(c.organisationKind) : '',
  ];
  return parts.filter(Boolean).join(' — ');
}

const plural = (n: number, one: string, many: string) => `${formatInteger(n)} ${n > 1 ? many : one}`;

/** The progress as a sentence (the table repeats the numbers). */
export function progressText(c: ReviewCampaign): string {
  const { sent, confirmed, corrected, unanswered } = c.progress;
  if (sent === 0) return 'Aucun message envoyé';
  return `${plural(sent, 'partenaire sollicité', 'partenaires sollicités')} : ${formatInteger(confirmed)} tout est juste, ${formatInteger(corrected)} corrigé${corrected > 1 ? 's' : ''}, ${formatInteger(unanswered)} sans réponse`;
}

function CampaignForm({ onLaunched }: { onLaunched: (campaign: ReviewCampaign) => void }) {
  const { state: territories } = useApiQuery<{ items: Array<{ id: string; name: string }> }>('/api/territories');
  const write = useCreate<Record<string, unknown>, ReviewCampaign>('/api/review-campaigns', {
    invalidates: () => [['review-campaigns']],
    onSuccess: (created) => {
      form.reset(EMPTY);
      onLaunched(created);
    },
  });
  const { form, submit, problem } = useApiForm<Draft, unknown>({
    defaultValues: EMPTY,
    toBody: bodyOf,
    schema: CreateReviewCampaignSchema,
    write,
  });
  const territoryOptions = territories.status === 'ready' ? territories.value.items.map((t) => [t.id, t.name] as const) : [];

  return (
    <FormFrame form={form} onSubmit={submit(() => write.run(bodyOf(form.getValues())))} problem={problem} labels={LABELS}>
      <p className="hint">Choisissez un territoire, un type de structure, ou les deux (les structures de ce type dans ce territoire).</p>
      <div className="field-row">
        <FormSelect name="territoryId" label="Territoire" placeholder="Tous les territoires" options={territoryOptions} />
        <FormSelect name="organisationKind" label="Type de structure" placeholder="Tous les types" options={RESEAUX_PORTEURS} />
      </div>
      <FormTextArea
        name="message"
        label="Message aux partenaires (facultatif)"
        hint="Texte simple, 500 caractères au plus ; il précède la demande de vérification et le lien."
      />
      <FormActions busy={write.busy} busyLabel="Envoi…" label="Lancer la campagne" />
    </FormFrame>
  );
}

export function ReviewCampaignsPage() {
  const { state } = useApiQuery<{ items: ReviewCampaign[] }>('/api/review-campaigns');
  const [launched, setLaunched] = useState<ReviewCampaign | null>(null);

  return (
    <>
      <PageHeading title="Campagnes de mise à jour" />
      <p className="lead">
        Demandez aux partenaires d’un territoire ou d’un type de structure de vérifier leurs fiches de l’annuaire, par exemple avant l’été.
        Chacun reçoit un seul message avec son lien de vérification, valable 30 jours, sans compte ; un partenaire déjà sollicité depuis
        moins de 7 jours n’en reçoit pas de second.
      </p>
      <h2>Lancer une campagne</h2>
      {launched ? (
        <SuccessNotice>
          Campagne lancée ({scopeText(launched)}) : {plural(launched.progress.sent, 'message envoyé', 'messages envoyés')}
          {launched.alreadyAsked > 0
            ? `, ${plural(launched.alreadyAsked, 'partenaire déjà sollicité', 'partenaires déjà sollicités')} depuis moins de 7 jours`
            : ''}
          .
        </SuccessNotice>
      ) : null}
      <CampaignForm onLaunched={setLaunched} />

      <h2>Campagnes</h2>
      {state.status === 'loading' ? <Loading>Chargement des campagnes…</Loading> : null}
      {state.status === 'failed' ? <ErrorNotice>{state.message}</ErrorNotice> : null}
      {state.status === 'ready' ? (
        state.value.items.length === 0 ? (
          <p className="notice notice--info">Aucune campagne lancée pour l’instant.</p>
        ) : (
          <TableRegion
            caption="Campagnes de mise à jour, de la plus récente à la plus ancienne"
            columns={['Lancée le', 'Portée', 'Envoyés', 'Tout est juste', 'Corrigés', 'Sans réponse', 'Déjà sollicités', 'Avancement']}
            testId="campaigns"
          >
            {state.value.items.map((c) => {
              const answered = c.progress.confirmed + c.progress.corrected;
              return (
                <tr key={c.id} data-testid="campaign" data-campaign-id={c.id}>
                  <th scope="row">{formatDateTime(c.createdAt)}</th>
                  <td>{scopeText(c)}</td>
                  <td data-testid="sent">{formatInteger(c.progress.sent)}</td>
                  <td data-testid="confirmed">{formatInteger(c.progress.confirmed)}</td>
                  <td data-testid="corrected">{formatInteger(c.progress.corrected)}</td>
                  <td data-testid="unanswered">{formatInteger(c.progress.unanswered)}</td>
                  <td>{formatInteger(c.alreadyAsked)}</td>
                  <td>
                    <progress
                      max={Math.max(1, c.progress.sent)}
                      value={answered}
                      aria-label={`Réponses : ${answered} sur ${c.progress.sent}`}
                    />
                    <span data-testid="progress-text"> {progressText(c)}</span>
                  </td>
                </tr>
              );
            })}
          </TableRegion>
        )
      ) : null}
    </>
  );
}
