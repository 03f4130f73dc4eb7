/**
 * `#/orientations/<id>`: one referral, its liaison note, and its timeline — `sent > accepted >
 * closed` (or declined, expired) with who and when, so that the sender sees every step (DOMAIN
 * rule 4). The receiving organisation answers here: accept (with a comment), decline (with the
 * reason), then close (with the outcome). An answer that comes too late (someone else answered
 * first) is a 409: the page says so and shows the referral as it now is.
 */
import { ReferralAppointments, UnusedBookingLinks } from '../appointments/referral-appointments';
import { useState } from 'react';
import { useApiQuery } from '../api/queries';
import type { Referral, Service } from '../api/types';
import { useAuth } from '../auth/auth-context';
import { canAnswerReferral } from '../auth/permissions';
import { readFlash } from '../components/flash';
import { Fact, Facts, RecordGate, RecordPage, RecordSection, recordWords } from '../components/record-page';
import { ANONYMOUS, LiaisonSection, ReferralAbout, ReferralBadges } from '../components/referral-facts';
import { SuccessNotice } from '../components/status';
import {
  ACTIONS,
  type Action,
  AnswerDone,
  AnswerForm,
  ConflictNotice,
  DeliveryList,
  FailedDeliveryWarning,
  ReferralTimeline,
  SenderActions,
} from '../intake/referral-parts';
import { formatDate, formatDateTime, formatPhone, personName } from '../labels';
import { links } from '../router';
import { after, guessArticle } from '../../../shared/text/french';
import { useDirectory } from '../directory/directory-data';

function ServiceName({ id }: { id: string }) {
  const { state } = useApiQuery<Service>(`/api/services/${id}`);
  return state.status === 'ready' ? <a href={links.service(id)}>{state.value.name}</a> : <span className="muted">service précisé</span>;
}

const REFERRAL_WORDS = recordWords('Orientation', 'Chargement de l’orientation…', 'Orientation introuvable', 'Orientation non accessible');

export function ReferralPage({ id }: { id: string }) {
  const { send, state } = useAuth();
  const me = state.status === 'signed-in' ? state.me : null;
  const { state: referral, reload, replace } = useApiQuery<Referral>(`/api/referrals/${id}`);
  const [flash] = useState(readFlash);
  const [done, setDone] = useState<string | null>(null);
  const [conflict, setConflict] = useState<string | null>(null);
  const { data } = useDirectory();
  /** « la CAF du Lot », « le CCAS de Cahors »: the name with the article the directory gives it (ADR 0028). */
  const named = (id: string, name: string) => ({
    name,
    article: (data.status === 'ready' ? data.organisations.find((o) => o.id === id)?.article : undefined) ?? guessArticle(name),
  });

  const render = (r: Referral) => {
    const answering = canAnswerReferral(me, r);
    const mine = me?.organisationId === r.toOrganisationId;
    const sending = !mine && me?.organisationId === r.fromOrganisationId;
    const running = r.status === 'sent' || r.status === 'in_review' || r.status === 'accepted';
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
      <RecordPage
        trail={[
          { label: `Orientations ${mine ? 'reçues' : 'envoyées'}`, href: links.referralBox(mine ? 'recues' : 'envoyees') },
          { label: mine ? `De ${r.fromOrganisationName}` : `Vers ${r.toOrganisationName}` },
        ]}
        title={
          mine
            ? `Orientation ${after('de', named(r.fromOrganisationId, r.fromOrganisationName))}`
            : `Orientation ${after('vers', named(r.toOrganisationId, r.toOrganisationName))}`
        }
        notices={
          <>
            {flash && !done && !conflict ? <SuccessNotice>{flash}</SuccessNotice> : null}
            {done ? <AnswerDone>{done}</AnswerDone> : null}
            {conflict ? <ConflictNotice message={conflict} /> : null}
            {sending && running ? <FailedDeliveryWarning deliveries={r.deliveries} /> : null}
          </>
        }
        status={<ReferralBadges referral={r} />}
      >
        <Facts>
          <Fact label="De">
            <a href={links.organisation(r.fromOrganisationId)}>{r.fromOrganisationName}</a>
          </Fact>
          <Fact label="Vers">
            <a href={links.organisation(r.toOrganisationId)}>{r.toOrganisationName}</a>
            {r.serviceId ? (
              <>
                {' '}
                — <ServiceName id={r.serviceId} />
              </>
            ) : null}
          </Fact>
          <ReferralAbout referral={r} />
          <Fact label="Personne" testId="referral-person">
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
              ANONYMOUS
            )}
          </Fact>
          <Fact label="Envoyée le">{formatDateTime(r.sentAt)}</Fact>
          {r.status === 'sent' || r.status === 'in_review' ? (
            <Fact label="Réponse attendue">
              avant le {formatDateTime(r.expiresAt)} ; sans réponse, elle expire
              {r.reminderSentAt ? ` (relance envoyée le ${formatDateTime(r.reminderSentAt)})` : ''}.
            </Fact>
          ) : null}
        </Facts>

        <LiaisonSection text={r.liaisonNote} />

        <RecordSection title="Suivi">
          <ReferralTimeline history={r.history} />
          <ReferralAppointments appointments={r.appointments} slipHref={(appointmentId) => links.appointmentSlip(r.id, appointmentId)} />
          <UnusedBookingLinks links={r.unusedBookingLinks} />
          {r.status === 'sent' || r.status === 'in_review' ? (
            <p className="muted">En attente de la réponse de {r.toOrganisationName}.</p>
          ) : null}
          {r.status === 'accepted' ? <p className="muted">Acceptée : {r.toOrganisationName} la clôturera avec son résultat.</p> : null}
        </RecordSection>

        <RecordSection title="Comment la structure a été prévenue">
          <DeliveryList deliveries={r.deliveries} />
        </RecordSection>

        {sending && running ? (
          <RecordSection title="Suivre l’orientation" className="answers">
            <SenderActions
              status={r.status}
              version={r.version}
              post={post}
              resend={() => send<Referral>(`/api/referrals/${r.id}/link`, { method: 'POST' })}
              onDone={onDone}
              onResent={(answer) => {
                setConflict(null);
                setDone('Le lien a été renvoyé à la structure destinataire.');
                replace(answer as Referral);
              }}
              onConflict={onConflict}
            />
          </RecordSection>
        ) : null}

        {answering && running ? (
          <RecordSection title="Votre réponse" className="answers">
            {r.status === 'sent' || r.status === 'in_review' ? (
              <div className="answers__grid">
                {r.status === 'sent' ? (
                  <AnswerForm key={`review-${r.version}`} action="review" post={post} onDone={onDone} onConflict={onConflict} />
                ) : null}
                <AnswerForm key={`accept-${r.version}`} action="accept" post={post} onDone={onDone} onConflict={onConflict} />
                <AnswerForm key={`decline-${r.version}`} action="decline" post={post} onDone={onDone} onConflict={onConflict} />
              </div>
            ) : (
              <AnswerForm key={`close-${r.version}`} action="close" post={post} onDone={onDone} onConflict={onConflict} />
            )}
          </RecordSection>
        ) : null}
      </RecordPage>
    );
  };
  return (
    <RecordGate state={referral} {...REFERRAL_WORDS} back={<a href="#/orientations">Retour aux orientations</a>} onRetry={reload}>
      {render}
    </RecordGate>
  );
}
