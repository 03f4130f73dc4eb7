/**
 * `#/orientation/<token>`: the page a partner without a Relais account opens from the
 * notification of a referral (e-mail, SMS). The signed token is the only credential: it is
 * scoped to that one referral and valid until it expires. No sign-in, no menu: the request, the
 * liaison note, and accept or decline. Once the referral is answered, the link shows its status
 * only (the API no longer sends anything about the person).
 */
import { after, guessArticle } from '../../../shared/text/french';
import { QueryClientProvider, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { ApiError, getJson, messageOf, postJson, setApiBase } from '../api/http';
import { newQueryClient } from '../api/queries';
import type { AppConfig, LinkReferral } from '../api/types';
import { PageHeading } from '../components/page-heading';
import { ErrorNotice, Loading } from '../components/status';
import { Fact, Facts, RecordSection } from '../components/record-parts';
import { ANONYMOUS, LiaisonSection, ReferralAbout, ReferralBadges } from '../components/referral-facts';
import { AnswerDone, AnswerForm, ConflictNotice } from '../intake/referral-parts';
import { formatDateTime, personName, referralStatusLabel } from '../labels';
import { isReferralLinkHash } from '../router';
import '../components/layout.css';

type Load = { status: 'loading' } | { status: 'failed'; message: string; httpStatus: number } | { status: 'ready'; referral: LinkReferral };

const tokenOf = (hash: string): string => decodeURIComponent(hash.replace(/^#\/orientation\//, '').split(/[/?]/)[0] ?? '');

const refusal = (httpStatus: number, message: string): string =>
  httpStatus === 401 || httpStatus === 403
    ? 'Ce lien n’est pas (ou plus) valable : il a expiré, ou il a été modifié en chemin. Demandez à la structure qui vous a orienté la personne de vous contacter.'
    : httpStatus === 404
      ? 'Cette orientation est introuvable.'
      : message;

const DONE: Readonly<Record<string, string>> = {
  accept:
    'Vous avez accepté l’orientation. La structure qui oriente en est informée. Notez dès maintenant de quoi contacter la personne : ce lien n’affichera plus que le statut de l’orientation.',
  decline: 'Vous avez refusé l’orientation. La structure qui oriente en est informée, avec votre motif.',
};

function ReferralLinkPage({ token }: { token: string }) {
  const [done, setDone] = useState<string | null>(null);
  const [conflict, setConflict] = useState<string | null>(null);
  const path = `/api/referral-links/${encodeURIComponent(token)}`;

  // The API's address comes from /config.json (on AWS, another origin) before the first read.
  const client = useQueryClient();
  const query = useQuery({
    queryKey: ['referral-links', token],
    queryFn: async ({ signal }) => {
      await configured;
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
  const post = (action: 'accept' | 'decline' | 'close', body: Record<string, string>) => postJson<LinkReferral>(`${path}/${action}`, body);
  return (
    <>
      <PageHeading title={`Orientation ${after('de', { name: r.fromOrganisationName, article: guessArticle(r.fromOrganisationName) })}`} />
      {r.details ? (
        <p className="lead">
          {r.fromOrganisationName} oriente une personne vers <strong>{r.toOrganisationName}</strong>. Merci de répondre avant le{' '}
          {formatDateTime(r.expiresAt)}.
        </p>
      ) : (
        <p className="lead">
          {r.fromOrganisationName} a orienté une personne vers <strong>{r.toOrganisationName}</strong> le {formatDateTime(r.sentAt)}.
        </p>
      )}
      {done ? <AnswerDone>{done}</AnswerDone> : null}
      {conflict ? <ConflictNotice message={conflict} /> : null}
      <p className="record-meta">
        <ReferralBadges referral={r} />
      </p>
      {r.details ? (
        <>
          <Facts>
            <Fact label="Personne">{r.person ? personName(r.person) : ANONYMOUS}</Fact>
            <ReferralAbout referral={r} />
            <Fact label="Envoyée le">{formatDateTime(r.sentAt)}</Fact>
          </Facts>
          <LiaisonSection text={r.liaisonNote} />
        </>
      ) : null}
      {r.status === 'sent' ? (
        <RecordSection title="Votre réponse" className="answers">
          <div className="answers__grid">
            {(['accept', 'decline'] as const).map((action) => (
              <AnswerForm
                key={action}
                action={action}
                post={post}
                onDone={(a, answer) => {
                  setConflict(null);
                  setDone(DONE[a] ?? null);
                  // What the page already shows stays until it is left; the link itself
                  // shows the status only from now on.
                  const next = answer as LinkReferral;
                  client.setQueryData(['referral-links', token], { ...r, status: next.status, updatedAt: next.updatedAt });
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
      ) : done ? null : (
        <p className="notice notice--info" data-testid="link-status-only">
          Cette orientation a déjà reçu une réponse ou n’attend plus de réponse : {referralStatusLabel(r.status).toLocaleLowerCase('fr')}.
          Ce lien n’en montre plus le détail ; pour toute question, contactez {r.fromOrganisationName}.
        </p>
      )}
    </>
  );
}

/** Once per page: the API's base address, or the page's own origin when /config.json is missing. */
const configured: Promise<void> = getJson<AppConfig>('/config.json')
  .then((config) => setApiBase(config.apiUrl))
  .catch(() => undefined);

export default function ReferralLinkApp() {
  const [queryClient] = useState(newQueryClient);
  const [token] = useState(() => tokenOf(window.location.hash));
  // Leaving the link for another route: the signed-in application takes over.
  useEffect(() => {
    const onChange = () => {
      if (!isReferralLinkHash(window.location.hash)) window.location.reload();
    };
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return (
    <>
      <header className="site-header">
        <div className="container site-header__inner">
          <div className="brand">
            <span className="brand__mark" aria-hidden="true" />
            <div>
              <p className="brand__name">Relais</p>
              <p className="brand__tagline">Le réseau de l’accueil social inconditionnel</p>
            </div>
          </div>
        </div>
      </header>
      <main id="contenu" tabIndex={-1} className="container main">
        <QueryClientProvider client={queryClient}>
          <ReferralLinkPage token={token} />
        </QueryClientProvider>
      </main>
    </>
  );
}
