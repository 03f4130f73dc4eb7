/**
 * Booking the partner's appointment while orienting (issue 17 points 3 and 7, ADR 0039): in the
 * referral form, when the chosen organisation publishes availability at one of its sites, the
 * agent books one of its next free slots with the person beside her, or sends the person a link
 * to choose it herself. Keyboard-first: one native radio group (arrow keys move from slot to
 * slot), labels in words (« mardi 15 décembre à 9 h 30 »). The referral is sent first; the
 * appointment follows it (`POST /api/appointments` with `referralId`), each POST with its
 * `Idempotency-Key`.
 */
import { useQueries } from '@tanstack/react-query';
import { useCallback, useMemo } from 'react';
import { ApiError, query } from '../api/http';
import { useIdempotencyKey } from '../api/idempotency';
import { keyOf, useApi } from '../api/queries';
import type { Page, Site } from '../api/types';
import { useAuth } from '../auth/auth-context';
import { Loading } from '../components/status';
import './referral-appointment.css';
import { PARIS, slotKey, slotText } from './slot-label';

export { slotKey, slotLabel, slotText } from './slot-label';

export interface Slot {
  start: string;
  end: string;
  channel: 'site' | 'phone' | 'video';
  remaining: number;
}

export interface Booked {
  id: string;
  siteId: string;
  start: string;
  end: string;
  channel: Slot['channel'];
}

/** What the agent chose in the form: nothing, a slot now, or a link for the person. */
export type AppointmentMode = 'none' | 'book' | 'link';
export interface AppointmentChoice {
  mode: AppointmentMode;
  siteId: string;
  /** `<start>|<channel>` of the chosen slot. */
  slot: string;
}
export const NO_APPOINTMENT: AppointmentChoice = { mode: 'none', siteId: '', slot: '' };

/** How many of the next free slots the form proposes (3 weeks at most). */
const SLOTS_SHOWN = 12;
const WEEKS_AHEAD = 3;

const parisToday = (): string => new Intl.DateTimeFormat('en-CA', { timeZone: PARIS }).format(new Date());
const plusDays = (date: string, days: number): string => {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};

/** One native radio group: arrow keys go from slot to slot, Space chooses. */
export function SlotRadios({
  slots,
  value,
  onChange,
  legend,
  name,
}: {
  slots: readonly Slot[];
  value: string;
  onChange: (key: string) => void;
  legend: string;
  name: string;
}) {
  return (
    <fieldset className="slot-picker" data-testid={`${name}-slots`}>
      <legend>{legend}</legend>
      <div className="slot-picker__slots">
        {slots.map((slot) => (
          <label key={slotKey(slot)} className="slot-picker__slot">
            <input
              type="radio"
              name={name}
              value={slotKey(slot)}
              checked={value === slotKey(slot)}
              onChange={() => onChange(slotKey(slot))}
            />
            <span>{slotText(slot)}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}

/**
 * The organisation's sites that have free slots in the next weeks, each with its first ones (a
 * site publishing no availability has none and is not proposed).
 */
function useOfferedSites(sites: readonly Site[]) {
  const { get } = useAuth();
  const from = parisToday();
  const paths = sites.map((s) => `/api/sites/${s.id}/slots${query({ from, to: plusDays(from, WEEKS_AHEAD * 7), limit: SLOTS_SHOWN })}`);
  const results = useQueries({
    queries: paths.map((path) => ({
      queryKey: keyOf(path),
      queryFn: ({ signal }: { signal: AbortSignal }) => get<Page<Slot>>(path, signal),
    })),
  });
  const loading = results.some((r) => r.status === 'pending');
  const offered = sites.flatMap((site, i) => {
    const items = results[i]?.data?.items ?? [];
    return items.length > 0 ? [{ site, slots: items }] : [];
  });
  return { loading, offered };
}

/**
 * The « Rendez-vous » part of the referral form: shown once an organisation is chosen, and only
 * when one of its sites has free slots. `canSendLink`: the person is known (a link goes to her).
 */
export function AppointmentFields({
  sites,
  choice,
  onChange,
  canSendLink,
}: {
  sites: readonly Site[];
  choice: AppointmentChoice;
  onChange: (choice: AppointmentChoice) => void;
  canSendLink: boolean;
}) {
  const { loading, offered } = useOfferedSites(sites);
  if (loading) return <Loading>Recherche des créneaux de rendez-vous de la structure…</Loading>;
  if (offered.length === 0) {
    return <p className="muted">Cette structure ne propose pas de rendez-vous dans Relais : la personne la contactera elle-même.</p>;
  }
  const current = offered.find((o) => o.site.id === choice.siteId) ?? offered[0]!;
  const modes: Array<[AppointmentMode, string]> = [
    ['none', 'Pas de rendez-vous pour l’instant'],
    ['book', 'Prendre un rendez-vous maintenant, avec la personne'],
    ...(canSendLink
      ? ([['link', 'Envoyer à la personne un lien pour choisir elle-même (valable 7 jours)']] as Array<[AppointmentMode, string]>)
      : []),
  ];
  const set = (patch: Partial<AppointmentChoice>) => onChange({ ...choice, siteId: current.site.id, ...patch });
  return (
    <div className="referral-appointment" data-testid="referral-appointment">
      <fieldset className="inline-radios">
        <legend>Rendez-vous chez le partenaire</legend>
        {modes.map(([mode, label]) => (
          <div className="field field--checkbox" key={mode}>
            <input
              type="radio"
              id={`appointment-mode-${mode}`}
              name="appointmentMode"
              value={mode}
              checked={choice.mode === mode}
              onChange={() => set({ mode, slot: '' })}
            />
            <label htmlFor={`appointment-mode-${mode}`}>{label}</label>
          </div>
        ))}
      </fieldset>
      {choice.mode !== 'none' && offered.length > 1 ? (
        <p>
          <label htmlFor="appointment-site">Lieu du rendez-vous</label>
          <select id="appointment-site" value={current.site.id} onChange={(e) => set({ siteId: e.target.value, slot: '' })}>
            {offered.map((o) => (
              <option key={o.site.id} value={o.site.id}>
                {o.site.name}
              </option>
            ))}
          </select>
        </p>
      ) : null}
      {choice.mode === 'book' ? (
        <SlotRadios
          name="appointmentSlot"
          legend={`Prochains créneaux libres — ${current.site.name}`}
          slots={current.slots}
          value={choice.slot}
          onChange={(slot) => set({ slot })}
        />
      ) : null}
      {choice.mode === 'link' ? (
        <p className="hint">
          Après l’envoi de l’orientation, la personne reçoit par SMS (sinon par e-mail) un lien pour choisir son créneau à{' '}
          {current.site.name}.
        </p>
      ) : null}
    </div>
  );
}

/** Nothing chosen while « prendre un rendez-vous » is on: the form says so before sending anything. */
export const appointmentProblem = (choice: AppointmentChoice): string | null =>
  choice.mode === 'book' && !choice.slot ? 'Choisissez un créneau de rendez-vous, ou « Pas de rendez-vous pour l’instant ».' : null;

/** What came of the appointment once the referral was sent. */
export type AfterSending =
  | { kind: 'none' }
  | { kind: 'booked'; appointment: Booked }
  | { kind: 'link'; expiresAt: string }
  | { kind: 'taken'; alternatives: Slot[] }
  | { kind: 'failed'; message: string };

/** Appointments learns a referral from intake's `ReferralSent`: a just-sent one may not be known for a moment. */
const NOT_YET_KNOWN = 'appointments.referral.unknown';
const KNOWN_ATTEMPTS = 20;
const KNOWN_WAIT_MS = 300;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Book (or send the link) for a referral just sent. Each POST keeps its `Idempotency-Key` until it
 * succeeds, so pressing again after a lost answer books once. A 409 gives the next free slots.
 */
export function useAppointmentForReferral() {
  const api = useApi();
  const bookKey = useIdempotencyKey();
  const linkKey = useIdempotencyKey();
  const untilKnown = useCallback(async <T,>(send: () => Promise<T>): Promise<T> => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await send();
      } catch (error) {
        if (!(error instanceof ApiError && error.code === NOT_YET_KNOWN) || attempt >= KNOWN_ATTEMPTS) throw error;
        await pause(KNOWN_WAIT_MS);
      }
    }
  }, []);
  const outcome = useCallback((error: unknown): AfterSending => {
    if (error instanceof ApiError && error.status === 409 && Array.isArray(error.problem.alternatives)) {
      return { kind: 'taken', alternatives: error.problem.alternatives as Slot[] };
    }
    return { kind: 'failed', message: error instanceof Error ? error.message : String(error) };
  }, []);

  const book = useCallback(
    async (referralId: string, siteId: string, slot: string): Promise<AfterSending> => {
      const [start = '', channel = 'site'] = slot.split('|');
      const body = { siteId, start, channel, referralId };
      try {
        const appointment = await untilKnown(() => api.post<Booked>('/api/appointments', body, bookKey.keyFor(body)));
        bookKey.done();
        return { kind: 'booked', appointment };
      } catch (error) {
        return outcome(error);
      }
    },
    [api, bookKey, untilKnown, outcome],
  );
  const sendLink = useCallback(
    async (referralId: string, siteId: string): Promise<AfterSending> => {
      const body = { siteId };
      try {
        const given = await untilKnown(() =>
          api.post<{ expiresAt: string }>(`/api/referrals/${referralId}/booking-link`, body, linkKey.keyFor({ referralId, ...body })),
        );
        linkKey.done();
        return { kind: 'link', expiresAt: given.expiresAt };
      } catch (error) {
        return outcome(error);
      }
    },
    [api, linkKey, untilKnown, outcome],
  );
  const after = useCallback(
    (referralId: string, choice: AppointmentChoice): Promise<AfterSending> =>
      choice.mode === 'book'
        ? book(referralId, choice.siteId, choice.slot)
        : choice.mode === 'link'
          ? sendLink(referralId, choice.siteId)
          : Promise.resolve({ kind: 'none' }),
    [book, sendLink],
  );
  return useMemo(() => ({ after, book }), [after, book]);
}
