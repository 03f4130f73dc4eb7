/**
 * `#/orientations-en-souffrance` (coordination, issue 14 point 8, ADR 0034): per receiving
 * organisation, the running referrals that no channel of Relais reached (sent with an offline
 * choice), those with a delivery failed after its retries, and those expiring within N days; then
 * the list to drill into. Ids, dates, statuses, organisations and the sending site only: the
 * coordinator never sees a person (SECURITY.md).
 */
import { type FormEvent, useId, useState } from 'react';
import { useApiQuery } from '../api/queries';
import type { ReferralsAtRisk } from '../api/types';
import { PageHeading } from '../components/page-heading';
import { ErrorNotice, Loading } from '../components/status';
import { TableRegion } from '../components/table-region';
import { channelLabel } from '../intake/referral-parts';
import { formatDateTime, referralStatusLabel } from '../labels';

type Item = ReferralsAtRisk['items'][number];

const OFFLINE: Readonly<Record<string, string>> = { phone: 'téléphone', print: 'fiche imprimée', mail: 'courrier' };

/** Why a referral is listed, in plain French. */
function reasonsText(item: Item): string {
  return item.reasons
    .map((reason) => {
      if (reason === 'unreachable') return `prévenue hors Relais (${OFFLINE[item.offlineChannel ?? ''] ?? 'autre moyen'})`;
      if (reason === 'failed_delivery')
        return `envoi en échec (${item.failedChannels.map((c) => channelLabel(c).toLowerCase()).join(', ')})`;
      return `expire le ${formatDateTime(item.expiresAt)}`;
    })
    .join(' ; ');
}

export function ReferralsAtRiskPage() {
  const [withinDays, setWithinDays] = useState(7);
  const [draft, setDraft] = useState('7');
  const [draftError, setDraftError] = useState<string | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const { state } = useApiQuery<ReferralsAtRisk>(`/api/referrals-at-risk?withinDays=${withinDays}`);
  const inputId = useId();
  const errorId = useId();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const days = Number(draft);
    if (!Number.isInteger(days) || days < 1 || days > 60) {
      setDraftError('Indiquez un nombre entier de jours, de 1 à 60.');
      return;
    }
    setDraftError(null);
    setWithinDays(days);
  };

  return (
    <>
      <PageHeading title="Orientations en souffrance" />
      <p>
        Les orientations en cours que la structure destinataire n’a pas pu recevoir par Relais, dont un envoi a échoué après ses nouveaux
        essais, ou qui expirent bientôt sans réponse ni clôture. Aucune personne n’est nommée ici.
      </p>
      <form className="filters card" aria-label="Période des orientations qui expirent" onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor={inputId}>Expirent dans les (jours)</label>
          <input
            id={inputId}
            name="withinDays"
            type="text"
            inputMode="numeric"
            autoComplete="off"
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
            aria-invalid={draftError ? true : undefined}
            aria-describedby={draftError ? errorId : undefined}
          />
          {draftError ? (
            <span className="field__error" id={errorId} role="alert">
              {draftError}
            </span>
          ) : null}
        </div>
        <div className="field field--actions">
          <button type="submit" className="button">
            Actualiser
          </button>
        </div>
      </form>

      {state.status === 'loading' ? <Loading>Chargement des orientations en souffrance…</Loading> : null}
      {state.status === 'failed' ? <ErrorNotice>{state.message}</ErrorNotice> : null}
      {state.status === 'ready' ? (
        state.value.partners.length === 0 ? (
          <p className="notice notice--info" data-testid="at-risk-none">
            Aucune orientation en souffrance : toutes les structures ont été prévenues et aucune orientation n’expire dans les{' '}
            {state.value.withinDays} jours.
          </p>
        ) : (
          <>
            <h2>Par structure destinataire</h2>
            <TableRegion
              caption={`Orientations en souffrance par structure (expiration dans les ${state.value.withinDays} jours)`}
              columns={['Structure', 'Prévenue hors Relais', 'Envois en échec', 'Expirent bientôt', 'Détail']}
              testId="at-risk-partners"
            >
              {state.value.partners.map((p) => (
                <tr key={p.organisationId} data-testid="at-risk-partner" data-organisation-id={p.organisationId}>
                  <th scope="row">{p.organisationName}</th>
                  <td data-testid="count-unreachable">{p.unreachable}</td>
                  <td data-testid="count-failed">{p.failedDeliveries}</td>
                  <td data-testid="count-expiring">{p.expiring}</td>
                  <td>
                    <button
                      type="button"
                      className="button button--secondary"
                      aria-pressed={selected === p.organisationId}
                      onClick={() => setSelected(selected === p.organisationId ? null : p.organisationId)}
                    >
                      Voir ses orientations<span className="visually-hidden"> ({p.organisationName})</span>
                    </button>
                  </td>
                </tr>
              ))}
            </TableRegion>

            <h2>
              {selected
                ? `Orientations vers ${state.value.partners.find((p) => p.organisationId === selected)?.organisationName ?? selected}`
                : 'Toutes les orientations en souffrance'}
            </h2>
            {selected ? (
              <p>
                <button type="button" className="button button--secondary" onClick={() => setSelected(null)}>
                  Voir toutes les structures
                </button>
              </p>
            ) : null}
            <TableRegion
              caption="Orientations en souffrance, de la plus proche de son expiration à la plus lointaine"
              columns={['Orientation', 'Envoyée le', 'Expire le', 'Statut', 'Vers', 'Depuis', 'Signal']}
              testId="at-risk-items"
            >
              {state.value.items
                .filter((item) => !selected || item.toOrganisationId === selected)
                .map((item) => (
                  <tr key={item.referralId} data-testid="at-risk-item" data-referral-id={item.referralId}>
                    <td>
                      <code>{item.referralId}</code>
                    </td>
                    <td>{formatDateTime(item.sentAt)}</td>
                    <td>{formatDateTime(item.expiresAt)}</td>
                    <td>{referralStatusLabel(item.status)}</td>
                    <td>{item.toOrganisationName}</td>
                    <td>
                      {item.fromOrganisationName}
                      {item.fromSiteName ? ` — ${item.fromSiteName}` : ''}
                    </td>
                    <td>{reasonsText(item)}</td>
                  </tr>
                ))}
            </TableRegion>
          </>
        )
      ) : null}
    </>
  );
}
