/**
 * `#/orientations/<id>`: one referral, its liaison note, and its timeline — `sent > accepted >
 * closed` (or declined, expired) with who and when, so that the sender sees every step (DOMAIN
 * rule 4). The receiving organisation answers here: accept (with a comment), decline (with the
 * reason), then close (with the outcome). An answer that comes too late (someone else answered
 * first) is a 409: the page says so and shows the referral as it now is.
 */
import { useId, useState } from 'react';
import { useApiQuery } from '../api/queries';
import type { Referral, Service } from '../api/types';
import { useAuth } from '../auth/auth-context';
import { canAnswerReferral } from '../auth/permissions';
import { readFlash } from '../components/flash';
import { PageHeading } from '../components/page-heading';
import { RecordGate } from '../components/record-page';
import { ThemeList } from '../components/theme-list';
import { ACTIONS, type Action, AnswerDone, AnswerForm, ConflictNotice, LiaisonNote, ReferralTimeline } from '../intake/referral-parts';
import { formatDate, formatDateTime, formatPhone, personName, REFERRAL_STATUS_BADGE, referralStatusLabel } from '../labels';
import { links } from '../router';

function ServiceName({ id }: { id: string }) {
  const { state } = useApiQuery<Service>(`/api/services/${id}`);
  return state.status === 'ready' ? <a href={links.service(id)}>{state.value.name}</a> : <span className="muted">service précisé</span>;
}

export function ReferralPage({ id }: { id: string }) {
  const { send, state } = useAuth();
  const me = state.status === 'signed-in' ? state.me : null;
  const { state: referral, reload, replace } = useApiQuery<Referral>(`/api/referrals/${id}`);
  const [flash] = useState(readFlash);
  const [done, setDone] = useState<string | null>(null);
  const [conflict, setConflict] = useState<string | null>(null);
  const headings = { note: useId(), timeline: useId(), answer: useId() };

  const render = (r: Referral) => {
    const answering = canAnswerReferral(me, r);
    const mine = me?.organisationId === r.toOrganisationId;
    const post = (action: Action, body: Record<string, string>) =>
      send<Referral>(`/api/referrals/${r.id}/${action}`, { method: 'POST', body });
    const onDone = (action: Action, answer: unknown) => {
      setConflict(null);
      setDone(ACTIONS[action].done);
      replace(answer as Referral);
    };
    const onConflict = (message: string) => {
      setDone(null);
      setConflict(message);
      reload();
    };

    return (
      <>
        <p className="breadcrumb">
          <a href={links.referralBox(mine ? 'recues' : 'envoyees')}>Orientations {mine ? 'reçues' : 'envoyées'}</a> ›{' '}
          {mine ? `De ${r.fromOrganisationName}` : `Vers ${r.toOrganisationName}`}
        </p>
        <PageHeading title={mine ? `Orientation de ${r.fromOrganisationName}` : `Orientation vers ${r.toOrganisationName}`} />
        {flash && !done && !conflict ? (
          <p className="notice notice--success" role="status">
            {flash}
          </p>
        ) : null}
        {done ? <AnswerDone>{done}</AnswerDone> : null}
        {conflict ? <ConflictNotice message={conflict} /> : null}
        <p className="record-meta">
          <span className={`badge ${REFERRAL_STATUS_BADGE[r.status]}`} data-testid="referral-status">
            {referralStatusLabel(r.status)}
          </span>
          {r.urgency === 'urgent' ? <span className="badge badge--urgent">Urgente</span> : null}
        </p>

        <dl className="facts">
          <div>
            <dt>De</dt>
            <dd>
              <a href={links.organisation(r.fromOrganisationId)}>{r.fromOrganisationName}</a>
            </dd>
          </div>
          <div>
            <dt>Vers</dt>
            <dd>
              <a href={links.organisation(r.toOrganisationId)}>{r.toOrganisationName}</a>
              {r.serviceId ? (
                <>
                  {' '}
                  — <ServiceName id={r.serviceId} />
                </>
              ) : null}
            </dd>
          </div>
          <div>
            <dt>Motif</dt>
            <dd>{r.reason}</dd>
          </div>
          <div>
            <dt>Thématiques</dt>
            <dd>
              <ThemeList themes={r.themes} />
            </dd>
          </div>
          <div>
            <dt>Personne</dt>
            <dd data-testid="referral-person">
              {r.person ? (
                <>
                  <p>
                    <a href={links.person(r.person.id)}>{personName(r.person)}</a>
                    {r.person.birthDate ? `, date de naissance : ${formatDate(r.person.birthDate)}` : ''}
                  </p>
                  {r.person.phone ? (
                    <p>
                      Téléphone : <a href={`tel:${r.person.phone}`}>{formatPhone(r.person.phone)}</a>
                    </p>
                  ) : null}
                  {r.person.email ? (
                    <p>
                      Courriel : <a href={`mailto:${r.person.email}`}>{r.person.email}</a>
                    </p>
                  ) : null}
                </>
              ) : (
                'Personne anonyme : voir la fiche de liaison.'
              )}
            </dd>
          </div>
          <div>
            <dt>Envoyée le</dt>
            <dd>{formatDateTime(r.sentAt)}</dd>
          </div>
          {r.status === 'sent' ? (
            <div>
              <dt>Réponse attendue</dt>
              <dd>
                avant le {formatDateTime(r.expiresAt)} ; sans réponse, elle expire
                {r.reminderSentAt ? ` (relance envoyée le ${formatDateTime(r.reminderSentAt)})` : ''}.
              </dd>
            </div>
          ) : null}
        </dl>

        <section aria-labelledby={headings.note}>
          <h2 id={headings.note}>Fiche de liaison</h2>
          <LiaisonNote text={r.liaisonNote} />
        </section>

        <section aria-labelledby={headings.timeline}>
          <h2 id={headings.timeline}>Suivi</h2>
          <ReferralTimeline history={r.history} />
          {r.status === 'sent' ? <p className="muted">En attente de la réponse de {r.toOrganisationName}.</p> : null}
          {r.status === 'accepted' ? <p className="muted">Acceptée : {r.toOrganisationName} la clôturera avec son résultat.</p> : null}
        </section>

        {answering && (r.status === 'sent' || r.status === 'accepted') ? (
          <section aria-labelledby={headings.answer} className="answers">
            <h2 id={headings.answer}>Votre réponse</h2>
            {r.status === 'sent' ? (
              <div className="answers__grid">
                <AnswerForm key={`accept-${r.version}`} action="accept" post={post} onDone={onDone} onConflict={onConflict} />
                <AnswerForm key={`decline-${r.version}`} action="decline" post={post} onDone={onDone} onConflict={onConflict} />
              </div>
            ) : (
              <AnswerForm key={`close-${r.version}`} action="close" post={post} onDone={onDone} onConflict={onConflict} />
            )}
          </section>
        ) : null}
      </>
    );
  };
  return (
    <RecordGate
      state={referral}
      title="Orientation"
      loading="Chargement de l’orientation…"
      missing="Orientation introuvable"
      forbidden="Orientation non accessible"
      back={<a href="#/orientations">Retour aux orientations</a>}
      onRetry={reload}
    >
      {render}
    </RecordGate>
  );
}
