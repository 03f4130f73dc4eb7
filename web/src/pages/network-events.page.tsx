import { useId, useState } from 'react';
import { CreateNetworkEventSchema } from '../../../services/directory/domain/network-event.schema';
import { query } from '../api/http';
import { useApiList, useApiQuery, useCreate } from '../api/queries';
import type { NetworkEvent, NetworkEventKind, NetworkReach } from '../api/types';
import { useAuth } from '../auth/auth-context';
import { isCoordinator } from '../auth/permissions';
import { FormActions, FormFrame, FormSelect, FormText, FormTextArea, useApiForm } from '../components/api-form';
import { optional } from '../components/form';
import { useFormDraft } from '../components/form-draft';
import { FormRows } from '../components/form-rows';
import { PageHeading } from '../components/page-heading';
import { ErrorNotice, Loading, SuccessNotice } from '../components/status';
import { TableRegion } from '../components/table-region';
import { useDirectory } from '../directory/directory-data';
import { eventKindLabel, formatDate, formatInteger, NETWORK_EVENT_KINDS } from '../labels';

const LABELS: Readonly<Record<string, string>> = {
  kind: 'Type',
  title: 'Intitulé',
  date: 'Date',
  description: 'Description',
  communeCode: 'Code commune',
  participants: 'Participants',
  'participants.*.name': 'Nom du participant',
  'participants.*.organisationId': 'Structure du participant',
};

interface Draft {
  kind: NetworkEventKind | '';
  title: string;
  date: string;
  description: string;
  communeCode: string;
  participants: Array<{ name: string; organisationId: string }>;
}

const EMPTY: Draft = { kind: '', title: '', date: '', description: '', communeCode: '', participants: [] };

const bodyOf = (d: Draft) => ({
  kind: d.kind,
  title: d.title.trim(),
  date: d.date,
  description: optional(d.description),
  communeCode: optional(d.communeCode),
  participants: d.participants.map((p) => ({ name: p.name.trim(), organisationId: p.organisationId })),
});

function EventForm({ onCreated }: { onCreated: (event: NetworkEvent) => void }) {
  const { data } = useDirectory();
  const write = useCreate<Record<string, unknown>, NetworkEvent>('/api/network-events', {
    invalidates: () => [['network-events']],
    onSuccess: (created) => {
      kept.clear();
      form.reset(EMPTY);
      onCreated(created);
    },
  });
  const { form, submit, problem } = useApiForm<Draft, unknown>({
    defaultValues: EMPTY,
    toBody: bodyOf,
    schema: CreateNetworkEventSchema,
    write,
  });
  const kept = useFormDraft('vie-du-reseau:nouvelle-action', form);
  const organisations = data.status === 'ready' ? data.organisations.map((o) => [o.id, o.name] as const) : [];
  const count = form.watch('participants').length;

  return (
    <FormFrame form={form} onSubmit={submit(() => write.run(bodyOf(form.getValues())))} problem={problem} labels={LABELS} draft={kept}>
      <FormSelect name="kind" label="Type" required placeholder="Choisissez le type" options={NETWORK_EVENT_KINDS} />
      <FormText name="title" label="Intitulé" required />
      <div className="field-row">
        <FormText name="date" label="Date" type="date" required />
        <FormText name="communeCode" label="Code commune du lieu" hint="Code INSEE, par exemple 46042 pour Cahors." inputMode="numeric" />
      </div>
      <FormTextArea name="description" label="Description" />
      <fieldset className="fieldset fieldset--nested">
        <legend>Participants ({count})</legend>
        <p className="hint">Une ligne par professionnel. Une même personne de la même structure n’est comptée qu’une fois dans l’année.</p>
        <FormRows<Draft['participants'][number]>
          name="participants"
          addLabel="Ajouter un participant"
          removeLabel="Retirer le participant"
          blank={(rows) => ({ name: '', organisationId: rows.at(-1)?.organisationId ?? '' })}
          firstField=".name"
        >
          {(index, remove) => (
            <fieldset className="row__fieldset">
              <legend>Participant n° {index + 1}</legend>
              <div className="row__fields">
                <FormText name={`participants.${index}.name`} label="Nom et prénom" required autoComplete="off" />
                <FormSelect
                  name={`participants.${index}.organisationId`}
                  label="Structure"
                  required
                  placeholder="Choisissez la structure"
                  options={organisations}
                />
              </div>
              {remove}
            </fieldset>
          )}
        </FormRows>
      </fieldset>
      <FormActions busy={write.busy} label="Enregistrer l’action" />
    </FormFrame>
  );
}

/** Network life: trainings, cross-immersions, meetings; and how many professionals they reached. */
export function NetworkEventsPage() {
  const { state: auth } = useAuth();
  const me = auth.status === 'signed-in' ? auth.me : null;
  const { data } = useDirectory();
  const thisYear = new Date().getFullYear();
  const [year, setYear] = useState(thisYear);
  const [kind, setKind] = useState('');
  const [created, setCreated] = useState<string | null>(null);
  const { state: listed, reload } = useApiList<NetworkEvent>(`/api/network-events${query({ year, kind, limit: 200 })}`);
  const events = listed.status === 'ready' ? { ...listed, items: [...listed.value].sort((a, b) => b.date.localeCompare(a.date)) } : listed;
  const { state: reach, reload: reloadReach } = useApiQuery<NetworkReach>(`/api/network-events/reach?year=${year}`);
  const ids = { year: useId(), kind: useId(), reach: useId(), list: useId(), form: useId() };
  const years = Array.from({ length: 6 }, (_, i) => thisYear + 1 - i);

  return (
    <>
      <PageHeading title="Vie du réseau" />
      <p className="lead">Formations, immersions croisées, rencontres métier et conférences entre professionnels du réseau.</p>

      <search>
        <form className="filters card" aria-label="Choisir l’année et le type" onSubmit={(e) => e.preventDefault()}>
          <div className="field">
            <label htmlFor={ids.year}>Année</label>
            <select id={ids.year} value={year} onChange={(e) => setYear(Number(e.target.value))}>
              {years.map((y) => (
                <option key={y} value={y}>
                  {y}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={ids.kind}>Type d’action</label>
            <select id={ids.kind} value={kind} onChange={(e) => setKind(e.target.value)}>
              <option value="">Tous les types</option>
              {NETWORK_EVENT_KINDS.map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </div>
        </form>
      </search>

      <section aria-labelledby={ids.reach}>
        <h2 id={ids.reach}>Professionnels touchés en {year}</h2>
        {reach.status === 'loading' ? <Loading>Calcul…</Loading> : null}
        {reach.status === 'failed' ? <ErrorNotice onRetry={reloadReach}>{reach.message}</ErrorNotice> : null}
        {reach.status === 'ready' ? (
          <>
            <ul className="kpis">
              <li className="kpi" data-testid="reach-professionals">
                <span className="kpi__value">{formatInteger(reach.value.professionalsReached)}</span>
                <span className="kpi__label">professionnels distincts touchés en {reach.value.year}</span>
              </li>
              <li className="kpi">
                <span className="kpi__value">{formatInteger(reach.value.events)}</span>
                <span className="kpi__label">actions</span>
              </li>
              <li className="kpi">
                <span className="kpi__value">{formatInteger(reach.value.participations)}</span>
                <span className="kpi__label">participations</span>
              </li>
            </ul>
            <ul className="plain-list reach-by-kind">
              {NETWORK_EVENT_KINDS.map(([value, label]) => {
                const k = reach.value.byKind[value];
                return (
                  <li key={value}>
                    {label} : {formatInteger(k?.events ?? 0)} action{(k?.events ?? 0) > 1 ? 's' : ''},{' '}
                    {formatInteger(k?.professionalsReached ?? 0)} professionnel{(k?.professionalsReached ?? 0) > 1 ? 's' : ''}
                  </li>
                );
              })}
            </ul>
          </>
        ) : null}
      </section>

      <section aria-labelledby={ids.list}>
        <h2 id={ids.list}>Actions de {year}</h2>
        {created ? <SuccessNotice>{created}</SuccessNotice> : null}
        {events.status === 'loading' ? <Loading>Chargement des actions…</Loading> : null}
        {events.status === 'failed' ? <ErrorNotice onRetry={reload}>{events.message}</ErrorNotice> : null}
        {events.status === 'ready' && events.items.length === 0 ? <p>Aucune action enregistrée.</p> : null}
        {events.status === 'ready' && events.items.length > 0 ? (
          <TableRegion caption={`Actions de ${year}`} columns={['Date', 'Type', 'Intitulé', 'Participants']} testId="events-table">
            {events.items.map((event) => (
              <tr key={event.id}>
                <td>{formatDate(event.date)}</td>
                <td>{eventKindLabel(event.kind)}</td>
                <th scope="row">
                  {event.title}
                  {event.description ? <span className="muted cell-note">{event.description}</span> : null}
                </th>
                <td>
                  {event.participants.length === 0 ? (
                    '0'
                  ) : (
                    <details>
                      <summary>
                        {event.participants.length} participant{event.participants.length > 1 ? 's' : ''}
                      </summary>
                      <ul className="plain-list">
                        {event.participants.map((p, i) => (
                          <li key={i}>
                            {p.name} ({data.status === 'ready' ? data.organisationName(p.organisationId) : ''})
                          </li>
                        ))}
                      </ul>
                    </details>
                  )}
                </td>
              </tr>
            ))}
          </TableRegion>
        ) : null}
      </section>

      {isCoordinator(me) ? (
        <section aria-labelledby={ids.form}>
          <h2 id={ids.form}>Enregistrer une action</h2>
          <EventForm
            onCreated={(event) => {
              setCreated(`Action « ${event.title} » enregistrée.`);
              const eventYear = Number(event.date.slice(0, 4));
              if (eventYear !== year) setYear(eventYear);
            }}
          />
        </section>
      ) : null}
    </>
  );
}
