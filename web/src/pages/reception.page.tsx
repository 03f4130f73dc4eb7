/**
 * `#/accueil`: recording a reception. Anonymous by default (DOMAIN rule 1: a reception never
 * requires an identity), built for speed at the phone: the site comes from the agent's profile,
 * the channel is a radio group (arrows), themes are typed (« loge » Enter), and Enter in an empty
 * themes field — or Ctrl+Entrée anywhere — records it. The success message takes the focus and
 * offers the next step: refer the person.
 */
import { type KeyboardEvent, useEffect, useId, useMemo, useRef, useState } from 'react';
import { useFormContext } from 'react-hook-form';
import { CreateReceptionSchema } from '../../../services/intake/domain/reception.schema';
import { query } from '../api/http';
import { useApiQuery, useCreate } from '../api/queries';
import type { AgeRange, Channel, Page, PersonCandidate, PersonHistory, Reception } from '../api/types';
import { useAuth } from '../auth/auth-context';
import { CommuneCombobox } from '../components/commune-combobox';
import { FormActions, type FormCheck, FormFrame, FormRadios, FormSelect, FormText } from '../components/api-form';
import { FormCheckbox, FormTextArea, FormThemeSelect, useApiForm, useFormField } from '../components/api-form';
import { Fieldset, fieldId, optional } from '../components/form';
import { useFormDraft } from '../components/form-draft';
import { PageHeading } from '../components/page-heading';
import { ErrorNotice, Loading } from '../components/status';
import { useDirectory } from '../directory/directory-data';
import { PersonForm } from '../intake/person-form';
import { PersonSearch } from '../intake/person-search';
import { AGE_RANGES, ageRangeLabel, birthLabel, CHANNELS, channelLabel, formatDateTime, parisDay, personName, themeLabel } from '../labels';
import { links } from '../router';

const LABELS: Readonly<Record<string, string>> = {
  siteId: 'Lieu d’accueil',
  channel: 'Mode d’accueil',
  personId: 'Personne',
  anonymous: 'Accueil anonyme',
  'anonymous.ageRange': 'Tranche d’âge',
  'anonymous.communeCode': 'Commune',
  themes: 'Thématiques',
  'themes.*': 'Thématique',
  summary: 'Résumé',
  summaryVisibleToPerson: 'Résumé visible par la personne',
  informationGiven: 'Information donnée',
  receivedAt: 'Date et heure',
  durationMinutes: 'Durée',
};

type Who = { kind: 'anonymous' } | { kind: 'named'; person: PersonCandidate | null };

interface Draft {
  siteId: string;
  channel: Channel;
  who: Who;
  anonymous: { ageRange: AgeRange | ''; communeCode: string };
  themes: string[];
  summary: string;
  summaryVisibleToPerson: boolean;
  informationGiven: string;
  durationMinutes: string;
  receivedAt: string;
}

interface Recorded {
  reception: Reception;
  person: PersonCandidate | null;
}

const freshDraft = (siteId: string, channel: Channel, who: Who = { kind: 'anonymous' }): Draft => ({
  siteId,
  channel,
  who,
  anonymous: { ageRange: '', communeCode: '' },
  themes: [],
  summary: '',
  summaryVisibleToPerson: false,
  informationGiven: '',
  durationMinutes: '',
  receivedAt: '',
});

function bodyOf(d: Draft): Record<string, unknown> {
  const minutes = Number(d.durationMinutes);
  const anonymous =
    d.who.kind === 'anonymous'
      ? { ageRange: d.anonymous.ageRange || undefined, communeCode: optional(d.anonymous.communeCode) }
      : undefined;
  return {
    siteId: d.siteId,
    channel: d.channel,
    ...(d.who.kind === 'named' && d.who.person ? { personId: d.who.person.id } : {}),
    ...(anonymous && (anonymous.ageRange || anonymous.communeCode) ? { anonymous } : {}),
    themes: d.themes,
    summary: optional(d.summary),
    // Shown to her only when the agent says so (issue 15 point 6).
    summaryVisibleToPerson: d.who.kind === 'named' && optional(d.summary) && d.summaryVisibleToPerson ? true : undefined,
    informationGiven: optional(d.informationGiven),
    durationMinutes: d.durationMinutes.trim() === '' || Number.isNaN(minutes) ? undefined : minutes,
    // `datetime-local` is the device's clock: sent with its offset.
    receivedAt: d.receivedAt ? new Date(d.receivedAt).toISOString() : undefined,
  };
}

/** What the form says in its own words, before the schema's. */
function missing(d: Draft): FormCheck[] {
  const errors: FormCheck[] = [];
  if (!d.siteId) errors.push({ path: 'siteId', message: 'Choisissez le lieu d’accueil.' });
  if (d.who.kind === 'named' && !d.who.person) {
    errors.push({ path: 'personId', message: 'Choisissez la personne, créez-la, ou revenez à un accueil anonyme.' });
  }
  if (d.themes.length === 0) errors.push({ path: 'themes', message: 'Choisissez au moins une thématique.' });
  const minutes = d.durationMinutes.trim();
  if (minutes !== '' && !/^\d{1,3}$/.test(minutes))
    errors.push({ path: 'durationMinutes', message: 'Une durée en minutes, par exemple 15.' });
  return errors;
}

/** A person named in the address (`?personne=`): who they are, read for this reception. */
/** Whether she may read the summary in her space: only for a named person (an anonymous reception has no one to show it to). */
function SummaryVisibility() {
  const { value: who } = useFormField<Who>('who');
  if (who.kind !== 'named') return null;
  return (
    <FormCheckbox
      name="summaryVisibleToPerson"
      label="La personne peut lire ce résumé dans son espace"
      hint="Sinon, le résumé reste entre professionnels. L’information donnée, elle, lui est toujours montrée."
    />
  );
}

function usePresetPerson(personId: string | null) {
  const { state } = useApiQuery<PersonHistory>(personId ? `/api/persons/${personId}/history` : null);
  if (!personId || state.status !== 'ready') return null;
  const h = state.value;
  if (h.restricted)
    return {
      id: personId,
      lastName: '',
      firstName: `Personne enregistrée par ${h.recordedBy.organisationName}`,
      birthDate: null,
      communeCode: null,
    };
  return {
    id: h.person.id,
    lastName: h.person.lastName,
    firstName: h.person.firstName,
    birthDate: h.person.birthDate ?? null,
    communeCode: h.person.communeCode ?? null,
  };
}

/** A reception typed later says when it happened; empty is now. */
const RECEIVED_AT_HINT = 'Vide : maintenant. À remplir pour un accueil saisi plus tard.';

function WhoFields() {
  const { setValue } = useFormContext<Draft>();
  const { value: who, onChange: setWho } = useFormField<Who>('who');
  const personError = useFormField<undefined>('personId').error;
  const uid = useId();
  const [creating, setCreating] = useState(false);
  const [typed, setTyped] = useState('');
  const chooseId = useRef<HTMLButtonElement>(null);
  const communeError = useFormField<string>('anonymous.communeCode').error;

  const choose = (person: PersonCandidate | null) => {
    setWho({ kind: 'named', person });
    setCreating(false);
    // After a choice the « Changer » button is where the focus belongs; after « Changer », the search.
    window.requestAnimationFrame(() =>
      person ? chooseId.current?.focus() : document.getElementById(`${uid}-recherche`)?.querySelector('input')?.focus(),
    );
  };

  return (
    <Fieldset legend="Qui a été accueilli ?">
      <div className="inline-radios" role="radiogroup" aria-label="Identité">
        <div className="field field--checkbox">
          <input
            type="radio"
            id={`${uid}-anonyme`}
            name={`${uid}-qui`}
            checked={who.kind === 'anonymous'}
            onChange={() => setWho({ kind: 'anonymous' })}
          />
          <label htmlFor={`${uid}-anonyme`}>Personne anonyme</label>
        </div>
        <div className="field field--checkbox">
          <input
            type="radio"
            id={fieldId('personId')}
            name={`${uid}-qui`}
            checked={who.kind === 'named'}
            onChange={() => setWho({ kind: 'named', person: null })}
            aria-describedby={personError ? `${uid}-personne-erreur` : undefined}
          />
          <label htmlFor={fieldId('personId')}>Personne identifiée (elle donne son nom)</label>
        </div>
      </div>
      {personError ? (
        <p className="field__error" id={`${uid}-personne-erreur`}>
          {personError}
        </p>
      ) : null}

      {who.kind === 'anonymous' ? (
        <>
          <p className="hint">Facultatif, et rien qui permette de la reconnaître : une tranche d’âge, une commune.</p>
          <div className="field-row">
            <FormSelect name="anonymous.ageRange" label="Tranche d’âge" placeholder="Non précisée" options={AGE_RANGES} />
            <CommuneCombobox
              id={fieldId('anonymous.communeCode')}
              label="Commune de résidence"
              hint="Tapez le nom ou le code postal."
              error={communeError}
              onSelect={(commune) => setValue('anonymous.communeCode', commune.code, { shouldDirty: true })}
              onClear={() => setValue('anonymous.communeCode', '', { shouldDirty: true })}
            />
          </div>
        </>
      ) : who.person ? (
        <div className="chosen-person" data-testid="chosen-person">
          <p>
            <strong>{personName(who.person)}</strong> <span className="muted">({birthLabel(who.person.birthDate)})</span>
          </p>
          <div className="button-row">
            <button type="button" className="button button--secondary" ref={chooseId} onClick={() => choose(null)}>
              Changer de personne
            </button>
            <a href={links.person(who.person.id)}>Voir sa fiche</a>
          </div>
        </div>
      ) : creating ? (
        <PersonForm
          initialName={typed}
          onChosen={(p) =>
            choose({
              id: p.id,
              lastName: p.lastName,
              firstName: p.firstName,
              birthDate: p.birthDate ?? null,
              communeCode: p.communeCode ?? null,
            })
          }
          onCancel={() => setCreating(false)}
        />
      ) : (
        <div id={`${uid}-recherche`}>
          <PersonSearch
            onTextChange={setTyped}
            action={(person) => (
              <button type="button" className="button button--secondary" onClick={() => choose(person)}>
                Choisir {personName(person)}
              </button>
            )}
          />
          <p>
            <button type="button" className="button button--secondary" onClick={() => setCreating(true)} data-testid="new-person">
              Nouvelle personne
            </button>
          </p>
        </div>
      )}
    </Fieldset>
  );
}

function RecordedNotice({ recorded, onAnother }: { recorded: Recorded; onAnother: () => void }) {
  const ref = useRef<HTMLDivElement>(null);
  const headingId = useId();
  useEffect(() => {
    ref.current?.focus();
    ref.current?.scrollIntoView({ block: 'start' });
  }, []);
  const r = recorded.reception;
  return (
    <div
      className="notice notice--success recorded"
      ref={ref}
      tabIndex={-1}
      role="status"
      aria-labelledby={headingId}
      data-testid="reception-recorded"
    >
      <h2 id={headingId} className="recorded__title">
        Accueil enregistré
      </h2>
      <p>
        {channelLabel(r.channel)}, {formatDateTime(r.receivedAt)} — {r.themes.map(themeLabel).join(', ')}.{' '}
        {recorded.person ? `Personne : ${personName(recorded.person)}.` : 'Personne anonyme.'}
      </p>
      <div className="button-row">
        <a
          className="button"
          href={links.newReferral({ receptionId: r.id, personId: recorded.person?.id, themes: r.themes })}
          data-testid="refer-action"
        >
          Orienter cette personne
        </a>
        {recorded.person ? (
          <a className="button button--secondary" href={links.person(recorded.person.id)}>
            Voir la fiche de la personne
          </a>
        ) : null}
        <button type="button" className="button button--tertiary" onClick={onAnother}>
          Enregistrer un autre accueil
        </button>
      </div>
    </div>
  );
}

function TodayReceptions({ siteId }: { siteId: string }) {
  const today = parisDay();
  const { state } = useApiQuery<Page<Reception>>(`/api/receptions${query({ siteId, from: today, limit: 20 })}`);
  const headingId = useId();
  return (
    <section aria-labelledby={headingId} className="today">
      <h2 id={headingId}>Accueils du jour sur ce lieu</h2>
      {state.status === 'loading' ? <Loading>Chargement des accueils du jour…</Loading> : null}
      {state.status === 'failed' ? <ErrorNotice>Les accueils du jour n’ont pas pu être chargés : {state.message}</ErrorNotice> : null}
      {state.status === 'ready' && state.value.items.length === 0 ? <p>Aucun accueil enregistré aujourd’hui sur ce lieu.</p> : null}
      {state.status === 'ready' && state.value.items.length > 0 ? (
        <ul className="record-list" data-testid="today-receptions">
          {state.value.items.map((r) => (
            <li key={r.id}>
              {formatDateTime(r.receivedAt)} — {channelLabel(r.channel)} — {r.themes.map(themeLabel).join(', ')} —{' '}
              {r.personId ? (
                <a href={links.person(r.personId)}>personne identifiée</a>
              ) : (
                `anonyme${r.anonymous?.ageRange ? `, ${ageRangeLabel(r.anonymous.ageRange)}` : ''}`
              )}{' '}
              — <a href={links.newReferral({ receptionId: r.id, personId: r.personId, themes: r.themes })}>Orienter</a>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

export function ReceptionPage({ personId }: { personId?: string }) {
  const { state } = useAuth();
  const me = state.status === 'signed-in' ? state.me : null;
  const { data } = useDirectory();
  const ownSites = useMemo(
    () => (data.status === 'ready' && me?.organisationId ? data.sites.filter((s) => s.organisationId === me.organisationId) : []),
    [data, me],
  );
  const defaultSite = ownSites.find((s) => s.id === me?.siteId)?.id ?? ownSites[0]?.id ?? '';
  const preset = usePresetPerson(personId ?? null);

  const [formKey, setFormKey] = useState(0);
  const [recorded, setRecorded] = useState<Recorded | null>(null);
  const [recordings, setRecordings] = useState(0);
  const formRef = useRef<HTMLFormElement>(null);
  const focusSummary = () =>
    window.requestAnimationFrame(() => formRef.current?.querySelector<HTMLElement>(':scope > [data-testid="problem"]')?.focus());
  /** The form as it was sent: the agent may type on while the answer comes. */
  const sent = useRef<Draft | null>(null);
  const write = useCreate<Record<string, unknown>, Reception>('/api/receptions', {
    onSuccess: (reception) => {
      const { who, siteId, channel } = sent.current ?? form.getValues();
      setRecorded({ reception, person: who.kind === 'named' ? who.person : null });
      setRecordings((n) => n + 1);
      // A fresh form for the next call: same site, same channel, anonymous again.
      kept.clear();
      form.reset(freshDraft(siteId, channel));
      setFormKey((k) => k + 1);
    },
    focusOnProblem: focusSummary,
  });
  const { run, busy } = write;
  const { form, submit, problem } = useApiForm<Draft, unknown>({
    defaultValues: freshDraft('', 'site', personId ? { kind: 'named', person: null } : { kind: 'anonymous' }),
    toBody: bodyOf,
    schema: CreateReceptionSchema,
    checks: missing,
    write,
    onInvalid: focusSummary,
  });
  const kept = useFormDraft(`accueil:${personId ?? 'nouveau'}`, form);
  const siteId = form.watch('siteId');

  // The site comes once the directory is loaded; the person once read: they are the form's start, not a change.
  useEffect(() => {
    if (!defaultSite) return;
    const current = form.getValues('siteId');
    form.resetField('siteId', { defaultValue: defaultSite });
    if (current) form.setValue('siteId', current);
  }, [defaultSite, form]);
  useEffect(() => {
    const who = form.getValues('who');
    if (preset && who.kind === 'named' && !who.person) form.resetField('who', { defaultValue: { kind: 'named', person: preset } });
  }, [preset, form]);

  const onSubmit = submit(() => {
    if (busy) return;
    sent.current = form.getValues();
    run(bodyOf(form.getValues()));
  });

  /** Ctrl+Entrée (⌘+Entrée) records from any field, the text areas included. */
  const onKeyDown = (event: KeyboardEvent<HTMLFormElement>) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void onSubmit();
    }
  };

  const another = () => {
    setRecorded(null);
    window.requestAnimationFrame(() => document.getElementById(fieldId('channel'))?.focus());
  };

  return (
    <>
      <PageHeading title="Nouvel accueil" />
      {recorded ? <RecordedNotice key={recorded.reception.id} recorded={recorded} onAnother={another} /> : null}
      {data.status === 'loading' ? <Loading>Chargement de vos lieux d’accueil…</Loading> : null}
      {data.status === 'failed' ? <ErrorNotice>Vos lieux d’accueil n’ont pas pu être chargés : {data.message}</ErrorNotice> : null}
      {data.status === 'ready' && ownSites.length === 0 ? (
        <ErrorNotice>Votre structure n’a aucun lieu d’accueil dans l’annuaire : un accueil se rattache à un lieu.</ErrorNotice>
      ) : null}
      <p className="lead">
        Un accueil s’enregistre toujours, même si la personne ne donne pas son nom. Raccourci : Ctrl + Entrée enregistre depuis n’importe
        quel champ.
      </p>
      <FormFrame
        key={formKey}
        of={{ form, onSubmit, problem, kept }}
        labels={LABELS}
        formRef={formRef}
        onKeyDown={onKeyDown}
        className="record-form reception-form"
        testId="reception-form"
      >
        <Fieldset legend="Où et comment">
          {/* The channel: Tab reaches the chosen one, arrows change it. */}
          <FormRadios
            name="channel"
            legend="Mode d’accueil"
            options={CHANNELS}
            focusChosen
            className="fieldset fieldset--nested inline-radios"
          />
          <FormSelect
            name="siteId"
            label="Lieu d’accueil"
            required
            options={ownSites.map((s) => [s.id, s.name] as const)}
            placeholder={ownSites.length === 0 ? 'Aucun lieu' : undefined}
          />
        </Fieldset>

        <Fieldset legend="La demande">
          <FormThemeSelect hint="Tapez le début d’un mot (« loge », « dette », « santé »), puis Entrée. Plusieurs thématiques possibles. Champ vide : Entrée enregistre l’accueil." />
        </Fieldset>

        <WhoFields />

        <Fieldset legend="Ce qui a été fait">
          <FormTextArea name="summary" label="Résumé de l’échange" rows={3} />
          <SummaryVisibility />
          <FormTextArea name="informationGiven" label="Information donnée" rows={2} />
          <div className="field-row">
            <FormText name="durationMinutes" label="Durée (minutes)" inputMode="numeric" autoComplete="off" />
            <FormText name="receivedAt" label="Date et heure" hint={RECEIVED_AT_HINT} type="datetime-local" />
          </div>
        </Fieldset>

        <FormActions busy={busy} label="Enregistrer l’accueil" disabled={ownSites.length === 0} />
      </FormFrame>
      {siteId ? <TodayReceptions key={`${siteId}-${recordings}`} siteId={siteId} /> : null}
    </>
  );
}
