/**
 * `#/rdv/<token>`: the page the person opens from her appointment's SMS, without an account
 * (issue 17 point 4, ADR 0042): her appointment in words (day, time, place, address, phone),
 * « Annuler ce rendez-vous » (asked twice) and « Choisir un autre créneau » with the slot picker
 * of the self-booking page. Mobile-first, keyboard-first. The signed token is the only
 * credential; at the appointment's start the link ends (410).
 */
import { QueryClientProvider, useQuery } from '@tanstack/react-query';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { ApiError, getJson, messageOf, newIdempotencyKey, postJson, requestJson } from '../api/http';
import { newQueryClient } from '../api/queries';
import { PageHeading } from '../components/page-heading';
import { ErrorNotice, Loading, SuccessNotice } from '../components/status';
import { apiConfigured, LinkPageFrame } from '../public/link-frame';
import { appointmentTokenOf, isAppointmentLinkHash } from './booking-link-hash';
import { CHANNEL, type Slot, SlotDays, dayOf, slotKey, timeOf } from './slot-days';
import '../components/layout.css';
import './booking-link.css';

interface LinkPage {
  appointment: { start: string; end: string; channel: Slot['channel']; status: 'booked' | 'cancelled' | 'honoured' | 'missed' };
  siteId: string;
  siteName: string;
  siteAddress?: string;
  sitePhone?: string;
  items: Slot[];
}
interface Appointment {
  id: string;
  start: string;
  end: string;
  channel: Slot['channel'];
  status: string;
}

/** `+33565535000` → `05 65 53 50 00`. */
const frenchPhone = (e164: string) => {
  const m = /^\+33(\d{9})$/.exec(e164);
  return m ? `0${m[1]}`.replace(/(\d{2})(?=\d)/g, '$1 ') : e164;
};
const when = (iso: string) => `${dayOf(iso)} à ${timeOf(iso)}`;
const refusal = (status: number, message: string) =>
  status === 401
    ? 'Ce lien n’est pas valable : il a été modifié en chemin. Utilisez celui du dernier SMS reçu, ou contactez la structure.'
    : message;

function Details({ page }: { page: LinkPage }) {
  const { appointment } = page;
  return (
    <dl className="appointment-details">
      <dt>Quand</dt>
      <dd>
        Le {when(appointment.start)} (jusqu’à {timeOf(appointment.end)})
      </dd>
      <dt>Où</dt>
      <dd>
        {page.siteName || 'La structure'}
        {page.siteAddress ? <>, {page.siteAddress}</> : null}
      </dd>
      <dt>Comment</dt>
      <dd>{CHANNEL[appointment.channel]}</dd>
      {page.sitePhone ? (
        <>
          <dt>Téléphone de la structure</dt>
          <dd>
            <a href={`tel:${page.sitePhone}`}>{frenchPhone(page.sitePhone)}</a>
          </dd>
        </>
      ) : null}
    </dl>
  );
}

function AppointmentLinkPage({ token }: { token: string }) {
  const path = `/api/appointment-links/${encodeURIComponent(token)}`;
  const query = useQuery({
    queryKey: ['appointment-links', token],
    queryFn: async ({ signal }) => {
      await apiConfigured;
      return getJson<LinkPage>(path, undefined, signal);
    },
  });
  const [confirming, setConfirming] = useState(false);
  const [chosen, setChosen] = useState('');
  const [sending, setSending] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [alternatives, setAlternatives] = useState<Slot[] | null>(null);
  const [done, setDone] = useState<{ kind: 'cancelled' } | { kind: 'moved'; appointment: Appointment } | null>(null);
  const moveKey = useRef(newIdempotencyKey());
  const yes = useRef<HTMLButtonElement>(null);
  // « Annuler ce rendez-vous » is replaced by the question: the focus goes to its answer.
  useEffect(() => {
    if (confirming) yes.current?.focus();
  }, [confirming]);

  if (done) {
    return (
      <>
        <PageHeading title={done.kind === 'cancelled' ? 'Rendez-vous annulé' : 'Rendez-vous déplacé'} />
        <SuccessNotice>
          {done.kind === 'cancelled'
            ? 'Votre rendez-vous est annulé : la structure est prévenue et la place est libérée.'
            : `Votre rendez-vous est déplacé au ${when(done.appointment.start)} (${CHANNEL[done.appointment.channel]}). La structure est prévenue. Vous allez recevoir un SMS avec le lien de ce nouveau rendez-vous.`}
        </SuccessNotice>
      </>
    );
  }
  if (query.status === 'pending') {
    return (
      <>
        <PageHeading title="Mon rendez-vous" />
        <Loading>Chargement de votre rendez-vous…</Loading>
      </>
    );
  }
  if (query.status === 'error') {
    const status = query.error instanceof ApiError ? query.error.status : 0;
    return (
      <>
        <PageHeading title="Mon rendez-vous" />
        <ErrorNotice onRetry={status === 0 || status >= 500 ? () => void query.refetch() : undefined}>
          {refusal(status, messageOf(query.error))}
        </ErrorNotice>
      </>
    );
  }
  const page = query.data;
  if (page.appointment.status !== 'booked') {
    return (
      <>
        <PageHeading title="Mon rendez-vous" />
        <p className="notice notice--info">
          Ce rendez-vous a été annulé ou déplacé. Si vous l’avez déplacé, utilisez le lien du dernier SMS reçu.
        </p>
        <Details page={page} />
      </>
    );
  }
  const slots = alternatives ?? page.items;
  const fail = (error: unknown) => {
    if (error instanceof ApiError && error.status === 409 && Array.isArray(error.problem.alternatives)) {
      setAlternatives(error.problem.alternatives as Slot[]);
      setChosen('');
    }
    setProblem(messageOf(error));
  };
  const cancel = async () => {
    setSending(true);
    setProblem(null);
    try {
      await postJson<Appointment>(`${path}/cancel`, undefined);
      setDone({ kind: 'cancelled' });
    } catch (error) {
      fail(error);
    } finally {
      setSending(false);
      setConfirming(false);
    }
  };
  const move = async (event: FormEvent) => {
    event.preventDefault();
    const slot = slots.find((s) => slotKey(s) === chosen);
    if (!slot) {
      setProblem('Choisissez d’abord un autre créneau.');
      return;
    }
    setSending(true);
    setProblem(null);
    try {
      const appointment = await requestJson<Appointment>(`${path}/move`, {
        method: 'POST',
        body: { start: slot.start, channel: slot.channel },
        idempotencyKey: moveKey.current,
      });
      moveKey.current = newIdempotencyKey();
      setDone({ kind: 'moved', appointment });
    } catch (error) {
      // A refused move changed nothing: the next try is a new request.
      moveKey.current = newIdempotencyKey();
      fail(error);
    } finally {
      setSending(false);
    }
  };
  return (
    <>
      <PageHeading title="Mon rendez-vous" />
      <Details page={page} />
      {problem ? (
        <p className="notice notice--error" role="alert">
          {problem}
        </p>
      ) : null}
      <section aria-labelledby="annuler">
        <h2 id="annuler">Annuler</h2>
        {confirming ? (
          <div className="appointment-actions">
            <p>Annuler le rendez-vous du {when(page.appointment.start)} ?</p>
            <button ref={yes} type="button" className="button" disabled={sending} onClick={() => void cancel()}>
              {sending ? 'Envoi…' : 'Oui, annuler ce rendez-vous'}
            </button>
            <button type="button" className="button button--secondary" onClick={() => setConfirming(false)}>
              Non, le garder
            </button>
          </div>
        ) : (
          <div className="appointment-actions">
            <button type="button" className="button button--secondary" onClick={() => setConfirming(true)}>
              Annuler ce rendez-vous
            </button>
          </div>
        )}
      </section>
      <section aria-labelledby="deplacer">
        <h2 id="deplacer">Choisir un autre créneau</h2>
        {slots.length === 0 ? (
          <p className="notice notice--info">Aucun autre créneau libre pour le moment : contactez la structure pour changer d’heure.</p>
        ) : (
          <form onSubmit={move} noValidate>
            <SlotDays slots={slots} chosen={chosen} onChoose={setChosen} />
            <div className="booking-confirm">
              <button type="submit" className="button" disabled={sending}>
                {sending ? 'Envoi…' : 'Déplacer mon rendez-vous à ce créneau'}
              </button>
            </div>
          </form>
        )}
      </section>
    </>
  );
}

export default function AppointmentLinkApp() {
  const [queryClient] = useState(newQueryClient);
  const [token] = useState(() => appointmentTokenOf(window.location.hash));
  return (
    <LinkPageFrame isOwnHash={isAppointmentLinkHash}>
      <QueryClientProvider client={queryClient}>
        <AppointmentLinkPage token={token} />
      </QueryClientProvider>
    </LinkPageFrame>
  );
}
