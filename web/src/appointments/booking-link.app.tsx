/**
 * `#/rendez-vous/<token>`: the page the person opens from her self-booking link (SMS), without
 * an account (issue 17, ADR 0029). Mobile-first and keyboard-first: the free slots are one
 * radio group per day (`slot-days.tsx`: arrow keys move within a day, Tab goes to the next day), then one button.
 * The signed token is the only credential; once she chose, the link no longer serves (410).
 */
import { QueryClientProvider, useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { ApiError, getJson, messageOf, postJson } from '../api/http';
import { newQueryClient } from '../api/queries';
import { PageHeading } from '../components/page-heading';
import { ErrorNotice, Loading, SuccessNotice } from '../components/status';
import { bookingTokenOf, isBookingLinkHash } from './booking-link-hash';
import '../components/layout.css';
import './booking-link.css';
import { type Slot, SlotDays, CHANNEL, dayOf, slotKey, timeOf } from './slot-days';
import { apiConfigured, LinkPageFrame } from '../public/link-frame';

interface BookingPage {
  siteId: string;
  siteName: string;
  expiresAt: string;
  items: Slot[];
}
interface Booked {
  id: string;
  start: string;
  end: string;
  channel: Slot['channel'];
}

const refusal = (status: number, message: string) =>
  status === 401
    ? 'Ce lien n’est pas (ou plus) valable : il a expiré, ou il a été modifié en chemin. Demandez-en un nouveau à la structure qui vous a orientée.'
    : message;

function BookingLinkPage({ token }: { token: string }) {
  const path = `/api/booking-links/${encodeURIComponent(token)}`;
  const query = useQuery({
    queryKey: ['booking-links', token],
    queryFn: async ({ signal }) => {
      await apiConfigured;
      return getJson<BookingPage>(path, undefined, signal);
    },
  });
  const [chosen, setChosen] = useState<string>('');
  const [sending, setSending] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [alternatives, setAlternatives] = useState<Slot[] | null>(null);
  const [booked, setBooked] = useState<Booked | null>(null);

  if (booked) {
    return (
      <>
        <PageHeading title="Rendez-vous confirmé" />
        <SuccessNotice>
          Votre rendez-vous est pris le {dayOf(booked.start)} à {timeOf(booked.start)} ({CHANNEL[booked.channel]})
          {query.data ? ` : ${query.data.siteName}` : ''}. Vous recevrez un rappel la veille.
        </SuccessNotice>
        <p>Empêchée ? Prévenez la structure qui vous reçoit.</p>
      </>
    );
  }
  if (query.status === 'pending') {
    return (
      <>
        <PageHeading title="Choisir mon rendez-vous" />
        <Loading>Chargement des créneaux…</Loading>
      </>
    );
  }
  if (query.status === 'error') {
    const status = query.error instanceof ApiError ? query.error.status : 0;
    return (
      <>
        <PageHeading title="Choisir mon rendez-vous" />
        <ErrorNotice onRetry={status === 0 || status >= 500 ? () => void query.refetch() : undefined}>
          {refusal(status, messageOf(query.error))}
        </ErrorNotice>
      </>
    );
  }
  const page = query.data;
  const slots = alternatives ?? page.items;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const slot = slots.find((s) => slotKey(s) === chosen);
    if (!slot) {
      setProblem('Choisissez d’abord un créneau.');
      return;
    }
    setSending(true);
    setProblem(null);
    try {
      setBooked(await postJson<Booked>(path, { start: slot.start, channel: slot.channel }));
    } catch (error) {
      if (error instanceof ApiError && error.status === 409 && Array.isArray(error.problem.alternatives)) {
        setAlternatives(error.problem.alternatives as Slot[]);
        setChosen('');
      }
      setProblem(messageOf(error));
    } finally {
      setSending(false);
    }
  };
  return (
    <>
      <PageHeading title="Choisir mon rendez-vous" />
      <p className="lead">
        <strong>{page.siteName || 'La structure'}</strong> vous propose ces créneaux. Choisissez celui qui vous convient avant le{' '}
        {dayOf(page.expiresAt)}.
      </p>
      {problem ? (
        <p className="notice notice--error" role="alert">
          {problem}
        </p>
      ) : null}
      {slots.length === 0 ? (
        <p className="notice notice--info">Aucun créneau libre pour le moment : contactez la structure qui vous a orientée.</p>
      ) : (
        <form onSubmit={submit} noValidate>
          <SlotDays slots={slots} chosen={chosen} onChoose={setChosen} />
          <div className="booking-confirm">
            <button type="submit" className="button" disabled={sending}>
              {sending ? 'Envoi…' : 'Confirmer ce rendez-vous'}
            </button>
          </div>
        </form>
      )}
    </>
  );
}

export default function BookingLinkApp() {
  const [queryClient] = useState(newQueryClient);
  const [token] = useState(() => bookingTokenOf(window.location.hash));
  return (
    <LinkPageFrame isOwnHash={isBookingLinkHash}>
      <QueryClientProvider client={queryClient}>
        <BookingLinkPage token={token} />
      </QueryClientProvider>
    </LinkPageFrame>
  );
}
