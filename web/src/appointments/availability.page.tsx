/**
 * A site's availability for appointments (issue 17 point 1, ADR 0029): the recurring ranges
 * (weekday, times, slot length, capacity, channel), the closures by date, the booking horizon
 * and the minimum notice. The partner edits its own organisation's sites, the coordination any
 * site (`appointments.availability`); everyone else reads them. Keyboard-first: plain inputs in
 * reading order, « Ajouter » moves the focus into the new row; the server's refusals land under
 * their fields (ADR 0022), a 409 says the availability changed since it was read.
 */
import { useState } from 'react';
import { type Availability, CHANNEL_LABELS, CHANNELS, PutAvailabilitySchema } from '../../../services/appointments/domain/availability';
import { frenchPublicHolidays } from '../../../shared/calendar/holidays';
import { useApiMutation, useApiQuery } from '../api/queries';
import type { Site } from '../api/types';
import { useAuth } from '../auth/auth-context';
import { canEditOrganisation } from '../auth/permissions';
import { FormActions, FormCheckbox, FormFrame, FormSelect, FormText, useApiForm } from '../components/api-form';
import { Fieldset, numberOf } from '../components/form';
import { FormRows } from '../components/form-rows';
import { RecordGate, RecordPage, RecordSection, recordWords } from '../components/record-page';
import { ErrorNotice, Loading, SuccessNotice } from '../components/status';
import { DAY_NAMES } from '../directory/hours';
import { formatDate, formatDateTime, parisDay } from '../labels';
import { links } from '../router';
import './availability.css';

/** `GET /api/sites/{id}/availability` (AvailabilityViewSchema). */
export interface AvailabilityView extends Availability {
  siteId: string;
  version: number;
  updatedAt: string | null;
}

interface RangeDraft {
  weekday: string;
  from: string;
  to: string;
  slotMinutes: string;
  capacity: string;
  channel: string;
}
interface ExceptionDraft {
  from: string;
  to: string;
  reason: string;
}
interface Draft {
  ranges: RangeDraft[];
  exceptions: ExceptionDraft[];
  horizonDays: string;
  minNoticeHours: string;
  openOnPublicHolidays: boolean;
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
export const WEEKDAYS: ReadonlyArray<readonly [string, string]> = DAY_NAMES.map((d, i) => [String(i + 1), capital(d)] as const);
const CHANNEL_OPTIONS: ReadonlyArray<readonly [string, string]> = CHANNELS.map((c) => [c, capital(CHANNEL_LABELS[c])] as const);

const LABELS: Readonly<Record<string, string>> = {
  ranges: 'Plages de rendez-vous',
  'ranges.*.weekday': 'Jour',
  'ranges.*.from': 'De',
  'ranges.*.to': 'À',
  'ranges.*.slotMinutes': 'Durée d’un rendez-vous',
  'ranges.*.capacity': 'Personnes reçues en même temps',
  'ranges.*.channel': 'Mode',
  exceptions: 'Fermetures',
  'exceptions.*.from': 'Du',
  'exceptions.*.to': 'Au',
  'exceptions.*.reason': 'Motif',
  horizonDays: 'Horizon de réservation',
  minNoticeHours: 'Délai de prévenance',
  openOnPublicHolidays: 'Jours fériés',
  version: 'Version',
};

const draftOf = (a: AvailabilityView): Draft => ({
  ranges: a.ranges.map((r) => ({
    weekday: String(r.weekday),
    from: r.from,
    to: r.to,
    slotMinutes: String(r.slotMinutes),
    capacity: String(r.capacity),
    channel: r.channel,
  })),
  exceptions: a.exceptions.map((e) => ({ from: e.from.slice(0, 10), to: e.to.slice(0, 10), reason: e.reason })),
  horizonDays: String(a.horizonDays),
  minNoticeHours: String(a.minNoticeHours),
  openOnPublicHolidays: a.openOnPublicHolidays,
});

/** The draft as the PUT body: numbers where the API takes numbers (a text left as it is, for the schema to refuse). */
const bodyOf = (d: Draft, version: number) => {
  const num = (text: string) => numberOf(text) ?? (text.trim() === '' ? undefined : text);
  return {
    ranges: d.ranges.map((r) => ({
      weekday: num(r.weekday),
      from: r.from,
      to: r.to,
      slotMinutes: num(r.slotMinutes),
      capacity: num(r.capacity),
      channel: r.channel,
    })),
    exceptions: d.exceptions.map((e) => ({ from: e.from, to: e.to, reason: e.reason.trim() })),
    horizonDays: num(d.horizonDays),
    minNoticeHours: num(d.minNoticeHours),
    openOnPublicHolidays: d.openOnPublicHolidays,
    version,
  };
};

const NEW_RANGE = (rows: RangeDraft[]): RangeDraft => {
  const last = rows[rows.length - 1];
  return last
    ? { ...last, weekday: String((Number(last.weekday) % 7) + 1) }
    : { weekday: '1', from: '09:00', to: '12:00', slotMinutes: '30', capacity: '1', channel: 'site' };
};
const NEW_EXCEPTION: ExceptionDraft = { from: '', to: '', reason: '' };

/** The public holidays between today and the horizon (Paris days), closed unless said otherwise. */
export function holidaysAhead(today: string, horizonDays: number): Array<{ date: string; name: string }> {
  const end = new Date(Date.parse(`${today}T12:00:00Z`) + horizonDays * 86_400_000).toISOString().slice(0, 10);
  const year = Number(today.slice(0, 4));
  return [year, year + 1]
    .flatMap((y) => [...frenchPublicHolidays(y)].map(([date, name]) => ({ date, name })))
    .filter((h) => h.date >= today && h.date <= end)
    .sort((a, b) => a.date.localeCompare(b.date));
}

function AvailabilityForm({
  siteId,
  availability,
  onSaved,
  onReload,
}: {
  siteId: string;
  availability: AvailabilityView;
  onSaved: () => void;
  onReload: () => void;
}) {
  const [version, setVersion] = useState(availability.version);
  const write = useApiMutation(
    (api, body: unknown) => api.send<AvailabilityView>(`/api/sites/${siteId}/availability`, { method: 'PUT', body }),
    {
      onSuccess: (saved) => {
        setVersion(saved.version);
        form.reset(draftOf(saved));
        onSaved();
      },
      focusOnProblem: '[data-testid="availability-form"]',
    },
  );
  const { form, submit, problem } = useApiForm({
    defaultValues: draftOf(availability),
    toBody: (d) => bodyOf(d, version),
    schema: PutAvailabilitySchema,
    write,
    onInvalid: () =>
      window.requestAnimationFrame(() =>
        document.querySelector<HTMLElement>('[data-testid="availability-form"] [data-testid="problem"]')?.focus(),
      ),
  });
  const horizon = numberOf(form.watch('horizonDays')) ?? availability.horizonDays;
  const holidays = holidaysAhead(parisDay(), Math.min(Math.max(horizon, 1), 365));

  return (
    <FormFrame
      form={form}
      onSubmit={submit((body) => write.run(body))}
      problem={problem}
      labels={LABELS}
      testId="availability-form"
      label="Disponibilités pour les rendez-vous"
      onReload={onReload}
    >
      <Fieldset
        legend="Plages de rendez-vous"
        hint="Chaque semaine, le jour, les heures (sur 24 h), la durée d’un rendez-vous, combien de personnes sont reçues en même temps et comment."
      >
        <FormRows<RangeDraft>
          name="ranges"
          empty="Aucune plage : le lieu ne propose pas de rendez-vous."
          addLabel="Ajouter une plage"
          removeLabel="Retirer la plage"
          blank={NEW_RANGE}
          firstField=".weekday"
        >
          {(index, remove) => (
            <fieldset className="row__fieldset">
              <legend>Plage n° {index + 1}</legend>
              <div className="availability__fields">
                <FormSelect name={`ranges.${index}.weekday`} label="Jour" options={WEEKDAYS} required />
                <FormText name={`ranges.${index}.from`} label="De" type="time" required />
                <FormText name={`ranges.${index}.to`} label="À" type="time" required />
                <FormText name={`ranges.${index}.slotMinutes`} label="Durée (minutes)" inputMode="numeric" required />
                <FormText name={`ranges.${index}.capacity`} label="Personnes en même temps" inputMode="numeric" required />
                <FormSelect name={`ranges.${index}.channel`} label="Mode" options={CHANNEL_OPTIONS} required />
              </div>
              {remove}
            </fieldset>
          )}
        </FormRows>
      </Fieldset>

      <Fieldset legend="Fermetures" hint="Congés de l’équipe, formation, travaux : aucun rendez-vous du premier au dernier jour inclus.">
        <FormRows<ExceptionDraft>
          name="exceptions"
          empty="Aucune fermeture prévue."
          addLabel="Ajouter une fermeture"
          removeLabel="Retirer la fermeture"
          blank={NEW_EXCEPTION}
          firstField=".from"
        >
          {(index, remove) => (
            <fieldset className="row__fieldset">
              <legend>Fermeture n° {index + 1}</legend>
              <div className="availability__fields">
                <FormText name={`exceptions.${index}.from`} label="Du" type="date" required />
                <FormText name={`exceptions.${index}.to`} label="Au (inclus)" type="date" required />
                <FormText name={`exceptions.${index}.reason`} label="Motif" required maxLength={200} />
              </div>
              {remove}
            </fieldset>
          )}
        </FormRows>
      </Fieldset>

      <Fieldset legend="Jours fériés">
        <FormCheckbox
          name="openOnPublicHolidays"
          label="Ouvert aux rendez-vous les jours fériés"
          hint="Sans cette case, aucun rendez-vous n’est proposé un jour férié."
        />
        {holidays.length ? (
          <>
            <p id="jours-feries">Jours fériés d’ici la fin de l’horizon de réservation :</p>
            <ul className="plain-list availability__holidays" aria-labelledby="jours-feries" data-testid="public-holidays">
              {holidays.map((h) => (
                <li key={h.date}>
                  <time dateTime={h.date}>{formatDate(h.date)}</time> : {h.name}
                </li>
              ))}
            </ul>
          </>
        ) : (
          <p className="hint">Aucun jour férié d’ici la fin de l’horizon de réservation.</p>
        )}
      </Fieldset>

      <Fieldset legend="Réservation">
        <FormText
          name="horizonDays"
          label="Horizon de réservation (jours)"
          hint="Jusqu’à combien de jours à l’avance on peut prendre rendez-vous (1 à 365)."
          inputMode="numeric"
          required
        />
        <FormText
          name="minNoticeHours"
          label="Délai de prévenance (heures)"
          hint="Combien d’heures avant le rendez-vous on peut encore le prendre (0 à 336)."
          inputMode="numeric"
          required
        />
      </Fieldset>

      <FormActions busy={write.busy} label="Publier les disponibilités" busyLabel="Publication…" />
    </FormFrame>
  );
}

function AvailabilityRead({ availability }: { availability: AvailabilityView }) {
  if (availability.ranges.length === 0) return <p>Ce lieu ne propose pas encore de rendez-vous.</p>;
  return (
    <>
      <ul className="plain-list" data-testid="availability-ranges">
        {availability.ranges.map((r, i) => (
          <li key={i}>
            {capital(DAY_NAMES[r.weekday - 1] ?? '')} de {r.from} à {r.to} : rendez-vous de {r.slotMinutes} minutes,{' '}
            {r.capacity > 1 ? `${r.capacity} personnes à la fois` : 'une personne à la fois'}, {CHANNEL_LABELS[r.channel]}
          </li>
        ))}
      </ul>
      {availability.exceptions.length ? (
        <>
          <h3>Fermetures</h3>
          <ul className="plain-list">
            {availability.exceptions.map((e, i) => (
              <li key={i}>
                Du {formatDate(e.from.slice(0, 10))} au {formatDate(e.to.slice(0, 10))} : {e.reason}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <p>
        Rendez-vous possibles jusqu’à {availability.horizonDays} jours à l’avance, au plus tard {availability.minNoticeHours} heures avant ;{' '}
        {availability.openOnPublicHolidays ? 'ouvert les jours fériés.' : 'fermé les jours fériés.'}
      </p>
    </>
  );
}

/** The availability read: a form for those who may publish it, the ranges in words for the others. */
function AvailabilityBody({ site, onSaved }: { site: Site; onSaved: () => void }) {
  const { state: auth } = useAuth();
  const me = auth.status === 'signed-in' ? auth.me : null;
  const { state, reload } = useApiQuery<AvailabilityView>(`/api/sites/${site.id}/availability`);
  if (state.status === 'loading') return <Loading>Chargement des disponibilités…</Loading>;
  if (state.status === 'failed') return <ErrorNotice onRetry={reload}>{state.message}</ErrorNotice>;
  const a = state.value;
  if (!canEditOrganisation(me, site.organisationId)) {
    return (
      <RecordSection title="Disponibilités publiées">
        <AvailabilityRead availability={a} />
      </RecordSection>
    );
  }
  return (
    <>
      {a.updatedAt ? (
        <p className="hint">
          Publiées le <time dateTime={a.updatedAt}>{formatDateTime(a.updatedAt)}</time>.
        </p>
      ) : (
        <p className="hint">Ce lieu n’a pas encore publié de disponibilités.</p>
      )}
      <AvailabilityForm
        key={a.version}
        siteId={site.id}
        availability={a}
        onSaved={() => {
          onSaved();
          reload();
        }}
        onReload={reload}
      />
    </>
  );
}

/** `#/lieux/<id>/rendez-vous`: the site's availability, a form for those who may publish it. */
export function AvailabilityPage({ id }: { id: string }) {
  const site = useApiQuery<Site>(`/api/sites/${id}`);
  const [saved, setSaved] = useState(false);
  const words = recordWords('Disponibilités pour les rendez-vous', 'Chargement du lieu…', 'Lieu introuvable');
  return (
    <RecordGate state={site.state} {...words} onRetry={site.reload}>
      {(s) => (
        <RecordPage
          trail={[{ label: 'Annuaire', href: '#/annuaire' }, { label: s.name, href: links.site(s.id) }, { label: 'Rendez-vous' }]}
          title={`Disponibilités pour les rendez-vous — ${s.name}`}
          notices={saved ? <SuccessNotice>Les disponibilités ont été publiées.</SuccessNotice> : null}
        >
          <AvailabilityBody site={s} onSaved={() => setSaved(true)} />
        </RecordPage>
      )}
    </RecordGate>
  );
}
