/**
 * `#/orientations?boite=recues|envoyees&statut=`: the referrals addressed to the user's
 * organisation (to answer) and those it sent (to follow), newest first, filtered by status.
 * The boxes show no identity and no liaison note: opening a referral is the audited read.
 */
import { useId, useState } from 'react';
import { query } from '../api/http';
import { useApiPages, useApiQuery } from '../api/queries';
import type { Page, ReferralStatus, ReferralSummary } from '../api/types';
import { useAuth } from '../auth/auth-context';
import { PageHeading } from '../components/page-heading';
import { ErrorNotice, Loading } from '../components/status';
import { formatDateTime, REFERRAL_STATUS_BADGE, REFERRAL_STATUSES, referralStatusLabel, themeLabel } from '../labels';
import { links } from '../router';

export type Box = 'recues' | 'envoyees';

const API_BOX: Readonly<Record<Box, 'incoming' | 'outgoing'>> = { recues: 'incoming', envoyees: 'outgoing' };
const isStatus = (value: string | null): value is ReferralStatus => REFERRAL_STATUSES.some(([s]) => s === value);

export function ReferralCard({ referral, box }: { referral: ReferralSummary; box: Box }) {
  const other = box === 'recues' ? `De ${referral.fromOrganisationName}` : `Vers ${referral.toOrganisationName}`;
  const last = referral.history[referral.history.length - 1];
  return (
    <li className="referral-card" data-testid="referral-row" data-status={referral.status}>
      <p className="referral-card__title">
        <a href={links.referral(referral.id)}>
          {other} — {referral.reason}
        </a>
      </p>
      <p className="referral-card__meta">
        <span className={`badge ${REFERRAL_STATUS_BADGE[referral.status]}`}>{referralStatusLabel(referral.status)}</span>{' '}
        {referral.urgency === 'urgent' ? <span className="badge badge--urgent">Urgente</span> : null} Envoyée le{' '}
        {formatDateTime(referral.sentAt)}
        {last && last.status !== 'sent'
          ? ` · ${referralStatusLabel(last.status).toLocaleLowerCase('fr')} le ${formatDateTime(last.at)}`
          : ''}
      </p>
      <p className="referral-card__themes">{referral.themes.map(themeLabel).join(', ')}</p>
    </li>
  );
}

export function ReferralsPage({ box: requestedBox, status: requestedStatus }: { box: Box | null; status: string | null }) {
  const { state } = useAuth();
  const me = state.status === 'signed-in' ? state.me : null;
  // Partners mostly receive; reception agents and social workers mostly send.
  const box: Box = requestedBox ?? (me?.roles.includes('partenaire') ? 'recues' : 'envoyees');
  const [status, setStatus] = useState<ReferralStatus | ''>(isStatus(requestedStatus) ? requestedStatus : '');
  const filterId = useId();
  const listId = useId();

  const { state: list, more } = useApiPages<ReferralSummary>(
    `/api/referrals${query({ box: API_BOX[box], status: status || undefined, limit: 50 })}`,
  );
  const load = list.status === 'ready' ? { status: 'ready' as const, ...list.value } : list;
  // How many received referrals wait for an answer: said on the tab.
  const incoming = useApiQuery<Page<ReferralSummary>>(`/api/referrals${query({ box: 'incoming', status: 'sent', limit: 200 })}`);
  const waiting = incoming.state.status === 'ready' ? incoming.state.value.items.length : null;

  const changeStatus = (value: string) => {
    const next = isStatus(value) ? value : '';
    setStatus(next);
    // The address keeps the filter (a reload, a shared link) without leaving the page.
    window.history.replaceState(null, '', links.referralBox(box, next || undefined));
  };

  return (
    <>
      <PageHeading title="Orientations" />
      <div className="button-row page-actions">
        <a className="button" href={links.newReferral()}>
          Nouvelle orientation
        </a>
      </div>
      <nav aria-label="Boîtes d’orientations" className="tabs">
        <ul className="tabs__list">
          <li>
            <a href={links.referralBox('recues')} aria-current={box === 'recues' ? 'page' : undefined} data-testid="box-incoming">
              Reçues par ma structure
              {waiting ? (
                <>
                  {' '}
                  <span className="badge badge--info">{waiting} à traiter</span>
                </>
              ) : null}
            </a>
          </li>
          <li>
            <a href={links.referralBox('envoyees')} aria-current={box === 'envoyees' ? 'page' : undefined} data-testid="box-outgoing">
              Envoyées par ma structure
            </a>
          </li>
        </ul>
      </nav>
      <div className="filters filters--inline">
        <div className="field">
          <label htmlFor={filterId}>Statut</label>
          <select id={filterId} value={status} onChange={(event) => changeStatus(event.target.value)} aria-controls={listId}>
            <option value="">Tous les statuts</option>
            {REFERRAL_STATUSES.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div id={listId}>
        {load.status === 'loading' ? <Loading>Chargement des orientations…</Loading> : null}
        {load.status === 'failed' ? <ErrorNotice>Les orientations n’ont pas pu être chargées : {load.message}</ErrorNotice> : null}
        {load.status === 'ready' ? (
          <>
            <p className="result-count" role="status">
              {load.items.length === 0
                ? box === 'recues'
                  ? 'Aucune orientation reçue'
                  : 'Aucune orientation envoyée'
                : `${load.items.length}${load.nextCursor ? ' premières' : ''} orientation${load.items.length > 1 ? 's' : ''}`}
              {status ? ` (statut « ${referralStatusLabel(status).toLocaleLowerCase('fr')} »)` : ''}.
            </p>
            {load.items.length > 0 ? (
              <ul className="referral-cards" data-testid="referral-list">
                {load.items.map((referral) => (
                  <ReferralCard key={referral.id} referral={referral} box={box} />
                ))}
              </ul>
            ) : null}
            {load.nextCursor ? (
              <button type="button" className="button button--secondary" onClick={more}>
                Afficher les suivantes
              </button>
            ) : null}
          </>
        ) : null}
      </div>
    </>
  );
}
