/**
 * `#/lieux/<id>/agenda?semaine=AAAA-Sss`: the partner's agenda of the week at one site (issue
 * 17 point 7, ADR 0042) — « Semaine précédente / suivante », one list per day, each appointment
 * with its time, channel, status and referral; once its time has passed, « Honoré » / « Manqué »,
 * before it « Annuler » (the existing routes). No person's name: appointments keep none; her file
 * opens from the referral, one read at a time. A print stylesheet keeps the lists only.
 */
import { useState } from 'react';
import { mondayOfWeek, shiftWeek, weekOfDate } from '../../../services/appointments/domain/iso-week';
import { useApi, useApiMutation, useApiQuery } from '../api/queries';
import type { Site } from '../api/types';
import { RecordGate, RecordPage, recordWords } from '../components/record-page';
import { ErrorNotice, Loading, SuccessNotice } from '../components/status';
import { links } from '../router';
import { CHANNEL, dayOf, timeOf } from './slot-days';
import './site-agenda.css';

interface AgendaItem {
  id: string;
  start: string;
  end: string;
  channel: 'site' | 'phone' | 'video';
  status: 'booked' | 'cancelled' | 'honoured' | 'missed';
  referralId: string;
  bookedByOrganisationId: string;
  person: { displayName?: string };
}
interface Agenda {
  siteId: string;
  siteName: string;
  week: string;
  from: string;
  to: string;
  items: AgendaItem[];
}

const STATUS: Readonly<Record<AgendaItem['status'], string>> = {
  booked: 'Prévu',
  cancelled: 'Annulé',
  honoured: 'Honoré',
  missed: 'Manqué',
};
const ACTION_WORDS = { honoured: 'honoré', missed: 'manqué', cancel: 'annulé' } as const;
type Action = keyof typeof ACTION_WORDS;

const parisToday = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date());
const longDay = (date: string) =>
  new Intl.DateTimeFormat('fr-FR', { timeZone: 'UTC', weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(
    new Date(`${date}T12:00:00Z`),
  );
const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** The week's seven days (`YYYY-MM-DD`) from its Monday. */
const daysOf = (monday: string) =>
  Array.from({ length: 7 }, (_, i) => new Date(Date.parse(`${monday}T12:00:00Z`) + i * 86_400_000).toISOString().slice(0, 10));
/** The Paris day of an instant with its offset. */
const parisDate = (iso: string) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date(iso));

function AgendaWeek({ site, week, onWeek }: { site: Site; week: string; onWeek: (week: string) => void }) {
  const { state, reload } = useApiQuery<Agenda>(`/api/sites/${site.id}/appointments?week=${week}`);
  const api = useApi();
  const [done, setDone] = useState<string | null>(null);
  const write = useApiMutation<{ id: string; action: Action }, unknown>((_api, { id, action }) =>
    api.post(`/api/appointments/${id}/${action}`, undefined),
  );
  const monday = mondayOfWeek(week) ?? parisToday();
  const act = (item: AgendaItem, action: Action) => {
    setDone(null);
    write.run(
      { id: item.id, action },
      {
        onSuccess: () => {
          setDone(`Rendez-vous du ${dayOf(item.start)} à ${timeOf(item.start)} marqué ${ACTION_WORDS[action]}.`);
          reload();
        },
      },
    );
  };
  return (
    <>
      <nav className="agenda-weeks" aria-label="Semaines">
        <button type="button" className="button button--secondary" onClick={() => onWeek(shiftWeek(week, -1))}>
          Semaine précédente
        </button>
        <p aria-live="polite">
          Semaine du {longDay(monday)} au {longDay(daysOf(monday)[6] ?? monday)}
        </p>
        <button type="button" className="button button--secondary" onClick={() => onWeek(shiftWeek(week, 1))}>
          Semaine suivante
        </button>
      </nav>
      {done ? <SuccessNotice>{done}</SuccessNotice> : null}
      {write.error ? (
        <p className="notice notice--error" role="alert">
          {write.error}
        </p>
      ) : null}
      {state.status === 'loading' ? <Loading>Chargement de l’agenda…</Loading> : null}
      {state.status === 'failed' ? <ErrorNotice onRetry={reload}>{state.message}</ErrorNotice> : null}
      {state.status === 'ready'
        ? daysOf(monday).map((day) => {
            const items = state.value.items.filter((i) => parisDate(i.start) === day);
            return (
              <section key={day} className="agenda-day" aria-labelledby={`jour-${day}`}>
                <h2 id={`jour-${day}`}>{capital(longDay(day))}</h2>
                {items.length === 0 ? (
                  <p className="hint">Aucun rendez-vous.</p>
                ) : (
                  <ul className="plain-list agenda-list">
                    {items.map((item) => {
                      const started = Date.parse(item.start) <= Date.now();
                      const when = `${timeOf(item.start)} – ${timeOf(item.end)}`;
                      return (
                        <li key={item.id} className="agenda-item" data-status={item.status} data-testid="agenda-item">
                          <p>
                            <strong>{when}</strong> ({CHANNEL[item.channel]}) — <span className="agenda-status">{STATUS[item.status]}</span>
                          </p>
                          <p>
                            {item.person.displayName ? `${item.person.displayName}, ` : ''}
                            <a href={links.referral(item.referralId)}>orientation de la personne</a>
                          </p>
                          {item.status === 'booked' ? (
                            <div className="agenda-actions">
                              {started ? (
                                <>
                                  <button
                                    type="button"
                                    className="button"
                                    disabled={write.busy}
                                    aria-label={`Honoré : la personne est venue, ${dayOf(item.start)} à ${timeOf(item.start)}`}
                                    onClick={() => act(item, 'honoured')}
                                  >
                                    Honoré
                                  </button>
                                  <button
                                    type="button"
                                    className="button button--secondary"
                                    disabled={write.busy}
                                    aria-label={`Manqué : la personne n’est pas venue, ${dayOf(item.start)} à ${timeOf(item.start)}`}
                                    onClick={() => act(item, 'missed')}
                                  >
                                    Manqué
                                  </button>
                                </>
                              ) : (
                                <button
                                  type="button"
                                  className="button button--secondary"
                                  disabled={write.busy}
                                  aria-label={`Annuler le rendez-vous du ${dayOf(item.start)} à ${timeOf(item.start)}`}
                                  onClick={() => act(item, 'cancel')}
                                >
                                  Annuler
                                </button>
                              )}
                            </div>
                          ) : null}
                        </li>
                      );
                    })}
                  </ul>
                )}
              </section>
            );
          })
        : null}
      <p className="agenda-print">
        <button type="button" className="button button--secondary" onClick={() => window.print()}>
          Imprimer l’agenda de la semaine
        </button>
      </p>
    </>
  );
}

/** `#/lieux/<id>/agenda`: the site's appointments, week by week (the site's organisation and the coordination). */
export function SiteAgendaPage({ id, week }: { id: string; week?: string }) {
  const site = useApiQuery<Site>(`/api/sites/${id}`);
  const [current, setCurrent] = useState(() => (week && mondayOfWeek(week) ? week : weekOfDate(parisToday())));
  const words = recordWords('Agenda des rendez-vous', 'Chargement du lieu…', 'Lieu introuvable');
  return (
    <RecordGate state={site.state} {...words} onRetry={site.reload}>
      {(s) => (
        <RecordPage
          trail={[{ label: 'Annuaire', href: '#/annuaire' }, { label: s.name, href: links.site(s.id) }, { label: 'Agenda' }]}
          title={`Agenda des rendez-vous — ${s.name}`}
        >
          <AgendaWeek site={s} week={current} onWeek={setCurrent} />
        </RecordPage>
      )}
    </RecordGate>
  );
}
