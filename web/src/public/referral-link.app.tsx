/**
 * `#/orientation/<token>`: the page a partner without a Relais account opens from the
 * notification of a referral (e-mail, SMS). The signed token is the only credential: it is
 * scoped to that one referral. No sign-in, no menu: the request, the liaison note, whom to
 * contact (the person when she agreed to sharing, otherwise the sender), and every move of the
 * receiver: review, accept, decline with a category, then close with an outcome. Once the
 * referral has ended the API answers 410 with whom to call, and the page says so.
 */

import { QueryClientProvider, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { after, guessArticle } from '../../../shared/text/french';
import { ApiError, getJson, messageOf, postJson } from '../api/http';
import { newQueryClient } from '../api/queries';
import type { LinkReferral } from '../api/types';
import { ReferralAppointments } from '../appointments/referral-appointments';
import { PageHeading } from '../components/page-heading';
import { Fact, Facts, RecordSection } from '../components/record-parts';
import { ANONYMOUS, LiaisonSection, ReferralAbout, ReferralBadges } from '../components/referral-facts';
import { ErrorNotice, Loading } from '../components/status';
import { type Action, AnswerDone, AnswerForm, ConflictNotice } from '../intake/referral-parts';
import { formatDateTime, formatPhone, personName, referralStatusLabel } from '../labels';
import { isReferralLinkHash } from '../router';
import '../components/layout.css';
import { apiConfigured, LinkPageFrame } from './link-frame';

type Load = { status: 'loading' } | { status: 'failed'; message: string; httpStatus: number } | { status: 'ready'; referral: LinkReferral };

const tokenOf = (hash: string): string => decodeURIComponent(hash.replace(/^#\/orientation\//, '').split(/[/?]/)[0] ?? '');

const refusal = (httpStatus: number, message: string): string =>
  httpStatus === 401 || httpStatus === 403
    ? 'Ce lien n’est pas (ou plus) valable : il a expiré, ou il a été modifié en chemin. Demandez à la structure qui vous a orienté la personne de vous contacter.'
    : httpStatus === 404
      ? 'Cette orientation est introuvable.'
      : message; // 410: the API's own words say the referral has ended and whom to call.

const DONE: Readonly<Record<string, string>> = {
  review: 'L’orientation est marquée « en cours d’examen ». La structure qui oriente en est informée.',
  accept:
    'Vous avez accepté l’orientation. La structure qui oriente en est informée. Contactez la personne ; ce lien vous servira ensuite à clôturer l’orientation avec son résultat.',
  decline: 'Vous avez refusé l’orientation. La structure qui oriente en est informée, avec votre motif.',
  close: 'L’orientation est clôturée. La structure qui oriente voit le résultat. Ce lien ne sert plus.',
};

/** The moves the link offers in each status. */
const MOVES: Readonly<Record<string, readonly Action[]>> = {
  sent: ['review', 'accept', 'decline'],
  in_review: ['accept', 'decline'],
  accepted: ['close'],
};

type Contact = NonNullable<LinkReferral['sender']>;
function ContactLines({ contact }: { contact: { phone?: string; email?: string } }) {
  return (
    <>
      {contact.phone ? (
        <p>
          Téléphone : <a href={`tel:${contact.phone}`}>{formatPhone(contact.phone)}</a>
        </p>
      ) : null}
      {contact.email ? (
        <p>
          Courriel : <a href={`mailto:${contact.email}`}>{contact.email}</a>
        </p>
      ) : null}
    </>
  );
}
const senderLine = (s: Contact) => [s.name, s.organisationName, s.siteName].filter(Boolean).join(', ');

function ReferralLinkPage({ token }: { token: string }) {
  const [done, setDone] = useState<string | null>(null);
  const [conflict, setConflict] = useState<string | null>(null);
  const path = `/api/referral-links/${encodeURIComponent(token)}`;

  // The API's address comes from /config.json (on AWS, another origin) before the first read.
  const client = useQueryClient();
  const query = useQuery({
    queryKey: ['referral-links', token],
    queryFn: async ({ signal }) => {
      await apiConfigured;
      return getJson<LinkReferral>(path, undefined, signal);
    },
  });
  const read = () => void query.refetch();
  const httpStatus = query.error instanceof ApiError ? query.error.status : 0;
  const load: Load =
    query.status === 'success'
      ? { status: 'ready', referral: query.data }
      : query.status === 'error'
        ? { status: 'failed', message: refusal(httpStatus, messageOf(query.error)), httpStatus }
        : { status: 'loading' };

  if (load.status === 'loading') {
    return (
      <>
        <PageHeading title="Orientation" />
        <Loading>Chargement de l’orientation…</Loading>
      </>
    );
  }
  if (load.status === 'failed') {
    return (
      <>
        <PageHeading title="Orientation" />
        <ErrorNotice onRetry={load.httpStatus === 0 || load.httpStatus >= 500 ? read : undefined}>{load.message}</ErrorNotice>
      </>
    );
  }
  const r = load.referral;
  const post = (action: Action, body: Record<string, string>) => postJson<LinkReferral>(`${path}/${action}`, body);
  const moves = done === DONE.close || done === DONE.decline ? [] : (MOVES[r.status] ?? []);
  return (
    <>
      <PageHeading title={`Orientation ${after('de', { name: r.fromOrganisationName, article: guessArticle(r.fromOrganisationName) })}`} />
      <p className="lead">
        {r.fromOrganisationName} oriente une personne vers <strong>{r.toOrganisationName}</strong>
        {r.status === 'accepted'
          ? '. Vous l’avez acceptée : clôturez-la ici avec son résultat.'
          : `. Merci de répondre avant le ${formatDateTime(r.expiresAt)}.`}
      </p>
      {done ? <AnswerDone>{done}</AnswerDone> : null}
      {conflict ? <ConflictNotice message={conflict} /> : null}
      <p className="record-meta">
        <ReferralBadges referral={r} />
      </p>
      {r.details ? (
        <>
          <Facts>
            <Fact label="Personne" testId="link-person">
              <p>{r.person ? personName(r.person) : ANONYMOUS}</p>
              {r.person && r.personContactShared ? <ContactLines contact={r.person} /> : null}
              {r.person && !r.personContactShared ? (
                <p className="muted">Elle n’a pas accepté que ses coordonnées soient partagées : passez par la structure qui oriente.</p>
              ) : null}
            </Fact>
            {r.sender ? (
              <Fact label="Qui vous oriente" testId="link-sender">
                <p>{senderLine(r.sender)}</p>
                <ContactLines contact={r.sender} />
              </Fact>
            ) : null}
            <ReferralAbout referral={r} />
            <Fact label="Envoyée le">{formatDateTime(r.sentAt)}</Fact>
            {r.history ? <Fact label="Étapes">{r.history.map((h) => referralStatusLabel(h.status)).join(' > ')}</Fact> : null}
          </Facts>
          <LiaisonSection text={r.liaisonNote} />
          {r.appointments?.length ? (
            <RecordSection title="Rendez-vous">
              <ReferralAppointments appointments={r.appointments} />
            </RecordSection>
          ) : null}
        </>
      ) : null}
      {moves.length > 0 ? (
        <RecordSection title="Votre réponse" className="answers">
          <div className="answers__grid">
            {moves.map((action) => (
              <AnswerForm
                key={`${action}-${r.status}`}
                action={action}
                post={post}
                onDone={(a, answer) => {
                  setConflict(null);
                  setDone(DONE[a] ?? null);
                  client.setQueryData(['referral-links', token], answer as LinkReferral);
                }}
                onConflict={(message) => {
                  setDone(null);
                  setConflict(message);
                  read();
                }}
              />
            ))}
          </div>
        </RecordSection>
      ) : null}
    </>
  );
}

export default function ReferralLinkApp() {
  const [queryClient] = useState(newQueryClient);
  const [token] = useState(() => tokenOf(window.location.hash));
  return (
    <LinkPageFrame isOwnHash={isReferralLinkHash}>
      <QueryClientProvider client={queryClient}>
        <ReferralLinkPage token={token} />
      </QueryClientProvider>
    </LinkPageFrame>
  );
}
