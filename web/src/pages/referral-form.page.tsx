/**
 * `#/orientations/nouvelle?accueil=<id>&personne=<id>&themes=a,b`: sending a person to a
 * partner (DOMAIN rule 4), from a reception or from a person's record. The partner organisation
 * is found by typing; the liaison note (fiche de liaison) travels with the referral, so the form
 * says what belongs in it. The partner is notified the moment it is sent.
 */
import { type FormEvent, useMemo, useRef, useState } from 'react';
import { CreateReferralSchema } from '../../../services/intake/domain/referral.schema';
import { query } from '../api/http';
import { useApiQuery, useCreate } from '../api/queries';
import type { Page, PersonHistory, Referral, Service, Urgency } from '../api/types';
import { Combobox, type ComboOption } from '../components/combobox';
import { setFlash } from '../components/flash';
import { FormActions, type FormCheck, FormFrame, FormRadios, FormSelect, FormText } from '../components/api-form';
import { FormTextArea, FormThemeSelect, messagesAt, useApiForm } from '../components/api-form';
import { Fieldset, fieldId } from '../components/form';
import { useFormDraft } from '../components/form-draft';
import { PageHeading } from '../components/page-heading';
import { ErrorNotice, Loading } from '../components/status';
import { useDirectory } from '../directory/directory-data';
import { organisationKindLabel, personName, THEME_TREE, URGENCIES } from '../labels';
import { links, navigate } from '../router';
import { ReachabilityPanel } from '../intake/reachability-panel';
import {
  type AfterSending,
  type AppointmentChoice,
  AppointmentFields,
  appointmentProblem,
  NO_APPOINTMENT,
  type Slot,
  SlotRadios,
  slotText,
  useAppointmentForReferral,
} from '../appointments/referral-appointment';

const LABELS: Readonly<Record<string, string>> = {
  toOrganisationId: 'Structure destinataire',
  serviceId: 'Service',
  personId: 'Personne',
  receptionId: 'Accueil',
  fromSiteId: 'Lieu d’envoi',
  themes: 'Thématiques',
  'themes.*': 'Thématique',
  reason: 'Motif',
  urgency: 'Urgence',
  liaisonNote: 'Fiche de liaison',
  offlineChannel: 'Comment je la préviens',
};

const KNOWN_THEMES = new Set(THEME_TREE.flatMap((g) => [g.category, ...g.themes.map(([id]) => id)]));

interface Draft {
  toOrganisationId: string;
  serviceId: string;
  themes: string[];
  reason: string;
  urgency: Urgency;
  liaisonNote: string;
  /** How the sender tells a partner Relais cannot reach ('' when Relais can). */
  offlineChannel: string;
}

/** Empty required fields, in the form's words rather than the schema's. */
function missing(d: Draft): FormCheck[] {
  const errors: FormCheck[] = [];
  if (!d.toOrganisationId) errors.push({ path: 'toOrganisationId', message: 'Choisissez la structure vers laquelle vous orientez.' });
  if (d.themes.length === 0) errors.push({ path: 'themes', message: 'Choisissez au moins une thématique.' });
  if (d.reason.trim() === '') errors.push({ path: 'reason', message: 'Indiquez le motif en une phrase.' });
  if (d.liaisonNote.trim() === '') errors.push({ path: 'liaisonNote', message: 'Rédigez la fiche de liaison.' });
  return errors;
}

/** The body: the person and the reception come from the address, not from the form. */
const bodyOf =
  (personId?: string, receptionId?: string) =>
  (d: Draft): Record<string, unknown> => ({
    toOrganisationId: d.toOrganisationId,
    ...(d.serviceId ? { serviceId: d.serviceId } : {}),
    ...(personId ? { personId } : {}),
    ...(receptionId ? { receptionId } : {}),
    themes: d.themes,
    reason: d.reason.trim(),
    urgency: d.urgency,
    liaisonNote: d.liaisonNote.trim(),
    ...(d.offlineChannel ? { offlineChannel: d.offlineChannel } : {}),
  });

/** Who is referred (an audited read; the server sets its purpose). */
function PersonContext({ personId }: { personId: string }) {
  const { state } = useApiQuery<PersonHistory>(`/api/persons/${personId}/history`);
  if (state.status === 'loading') return <Loading>Chargement de la personne…</Loading>;
  if (state.status === 'failed') return <ErrorNotice>La personne n’a pas pu être lue : {state.message}</ErrorNotice>;
  const h = state.value;
  return (
    <p data-testid="referral-person">
      Personne orientée :{' '}
      {h.restricted ? (
        <>une personne enregistrée par {h.recordedBy.organisationName} (son historique n’est pas partagé)</>
      ) : (
        <a href={links.person(h.person.id)}>
          <strong>{personName(h.person)}</strong>
        </a>
      )}
      . Le partenaire verra son nom et ses coordonnées pour la contacter.
    </p>
  );
}

export function ReferralFormPage({
  receptionId,
  personId,
  themes: presetThemes,
}: {
  receptionId?: string;
  personId?: string;
  themes: string[];
}) {
  const { data } = useDirectory();
  const focusSummary = () =>
    window.requestAnimationFrame(() =>
      document.querySelector<HTMLElement>('[data-testid="referral-form"] > [data-testid="problem"]')?.focus(),
    );
  const [appointment, setAppointment] = useState<AppointmentChoice>(NO_APPOINTMENT);
  const [appointmentError, setAppointmentError] = useState<string | null>(null);
  /** The referral is sent but its appointment is not booked (slot just taken, or refused): said, and offered again. */
  const [pending, setPending] = useState<{ referral: Referral; outcome: AfterSending } | null>(null);
  const chosenAppointment = useRef(appointment);
  chosenAppointment.current = appointment;
  const appointments = useAppointmentForReferral();
  const [placing, setPlacing] = useState(false);
  /** The referral's page, with what was done: never « prévenue » for a partner nobody told (issue 14). */
  const finish = (referral: Referral, outcome: AfterSending) => {
    if (outcome.kind === 'taken' || outcome.kind === 'failed') {
      setPending({ referral, outcome });
      return;
    }
    const href = links.referral(referral.id);
    const sent = referral.offlineChannel
      ? `L’orientation vers ${referral.toOrganisationName} est enregistrée. Relais ne peut pas la prévenir : faites-le vous-même comme vous l’avez indiqué.`
      : `L’orientation a été envoyée à ${referral.toOrganisationName}. Le résultat de chaque envoi s’affiche ci-dessous.`;
    const then =
      outcome.kind === 'booked'
        ? ` Rendez-vous pris pour la personne le ${slotText(outcome.appointment)}.`
        : outcome.kind === 'link'
          ? ' Un lien pour choisir son rendez-vous est envoyé à la personne (valable 7 jours).'
          : '';
    setFlash(href, `${sent}${then}`);
    navigate(href as `#/${string}`);
  };
  const write = useCreate<Record<string, unknown>, Referral>('/api/referrals', {
    onSuccess: (referral) => {
      kept.clear();
      const choice = chosenAppointment.current;
      if (choice.mode === 'none') {
        finish(referral, { kind: 'none' });
        return;
      }
      setPlacing(true);
      void appointments
        .after(referral.id, choice)
        .then((outcome) => finish(referral, outcome))
        .finally(() => setPlacing(false));
    },
    focusOnProblem: focusSummary,
  });
  const { run, busy } = write;
  const toBody = useMemo(() => bodyOf(personId, receptionId), [personId, receptionId]);
  const { form, submit, problem } = useApiForm<Draft, unknown>({
    defaultValues: {
      toOrganisationId: '',
      serviceId: '',
      themes: presetThemes.filter((t) => KNOWN_THEMES.has(t)),
      reason: '',
      urgency: 'normal',
      liaisonNote: '',
      offlineChannel: '',
    },
    toBody,
    schema: CreateReferralSchema,
    checks: missing,
    write,
    onInvalid: focusSummary,
  });
  const kept = useFormDraft(`orientation:${personId ?? ''}:${receptionId ?? ''}`, form);
  const toOrganisationId = form.watch('toOrganisationId');
  const organisationError = messagesAt(form.formState.errors, 'toOrganisationId');

  const organisations = useMemo<ComboOption[]>(
    () =>
      data.status === 'ready'
        ? data.organisations.map((o) => ({
            value: o.id,
            label: o.name,
            detail: `${organisationKindLabel(o.type)}${o.networkMember ? '' : ', hors réseau'}`,
          }))
        : [],
    [data],
  );
  const chosen = organisations.find((o) => o.value === toOrganisationId);
  const services = useApiQuery<Page<Service>>(
    toOrganisationId ? `/api/services${query({ organisationId: toOrganisationId, limit: 200 })}` : null,
  );
  /** A new organisation: its services are not the previous one's. */
  const pickOrganisation = (id: string) => {
    form.setValue('toOrganisationId', id, { shouldDirty: true });
    form.setValue('offlineChannel', '');
    form.setValue('serviceId', '', { shouldDirty: true });
    setAppointment(NO_APPOINTMENT);
    setAppointmentError(null);
  };

  const onSubmit = submit(() => {
    const problemOfAppointment = appointmentProblem(appointment);
    setAppointmentError(problemOfAppointment);
    if (problemOfAppointment) {
      window.requestAnimationFrame(() => document.getElementById('appointment-problem')?.focus());
      return;
    }
    if (!busy && !placing) run(toBody(form.getValues()));
  });
  const organisationSites = useMemo(
    () => (data.status === 'ready' && toOrganisationId ? data.sites.filter((s) => s.organisationId === toOrganisationId) : []),
    [data, toOrganisationId],
  );

  const serviceOptions = services.state.status === 'ready' ? services.state.value.items.map((s) => [s.id, s.name] as const) : [];

  if (pending) {
    return (
      <>
        <p className="breadcrumb">
          <a href="#/orientations">Orientations</a> › Nouvelle orientation
        </p>
        <PageHeading title="Orienter une personne" />
        <PendingAppointment
          referral={pending.referral}
          outcome={pending.outcome}
          choice={appointment}
          onBook={async (slot) => {
            const outcome = await appointments.book(pending.referral.id, appointment.siteId, slot);
            if (outcome.kind === 'taken' || outcome.kind === 'failed') setPending({ referral: pending.referral, outcome });
            else finish(pending.referral, outcome);
          }}
        />
      </>
    );
  }

  return (
    <>
      <p className="breadcrumb">
        <a href="#/orientations">Orientations</a> › Nouvelle orientation
      </p>
      <PageHeading title="Orienter une personne" />
      {personId ? (
        <PersonContext personId={personId} />
      ) : (
        <p className="notice notice--info">
          Orientation d’une personne anonyme : le partenaire ne connaîtra d’elle que ce que dit la fiche de liaison. Pour orienter une
          personne identifiée, partez de <a href="#/personnes">sa fiche</a>.
        </p>
      )}
      {receptionId ? <p className="muted">Cette orientation fait suite à l’accueil que vous venez d’enregistrer.</p> : null}
      {data.status === 'loading' ? <Loading>Chargement des structures…</Loading> : null}
      {data.status === 'failed' ? <ErrorNotice>Les structures n’ont pas pu être chargées : {data.message}</ErrorNotice> : null}

      <FormFrame form={form} onSubmit={onSubmit} problem={problem} labels={LABELS} draft={kept} testId="referral-form">
        <Fieldset legend="Vers qui">
          <Combobox
            id={fieldId('toOrganisationId')}
            label="Structure destinataire"
            hint="Tapez une partie du nom : « CAF », « mission locale », « CCAS »…"
            required
            error={organisationError}
            options={organisations}
            mode="single"
            noun={['structure', 'structures']}
            initialText={chosen?.label ?? ''}
            onPick={(option) => pickOrganisation(option.value)}
            onClear={() => pickOrganisation('')}
          />
          {toOrganisationId ? (
            services.state.status === 'loading' ? (
              <Loading>Chargement des services de la structure…</Loading>
            ) : (
              <FormSelect
                name="serviceId"
                label="Service (facultatif)"
                hint={serviceOptions.length === 0 ? 'Cette structure n’a pas décrit ses services dans l’annuaire.' : undefined}
                placeholder="Pas de service en particulier"
                options={serviceOptions}
              />
            )
          ) : null}
          {toOrganisationId ? <ReachabilityPanel key={toOrganisationId} organisationId={toOrganisationId} /> : null}
        </Fieldset>

        {toOrganisationId && organisationSites.length > 0 ? (
          <Fieldset legend="Rendez-vous">
            {appointmentError ? (
              <p className="field__error" id="appointment-problem" tabIndex={-1} role="alert">
                {appointmentError}
              </p>
            ) : null}
            <AppointmentFields
              key={toOrganisationId}
              sites={organisationSites}
              choice={appointment}
              onChange={(choice) => {
                setAppointment(choice);
                if (appointmentError && !appointmentProblem(choice)) setAppointmentError(null);
              }}
              canSendLink={Boolean(personId)}
            />
          </Fieldset>
        ) : null}

        <Fieldset legend="Pourquoi">
          <FormThemeSelect />
          <FormText name="reason" label="Motif" hint="En une phrase, par exemple : « Ouverture de droits RSA »." required maxLength={500} />
          <FormRadios name="urgency" legend="Urgence" options={URGENCIES} />
        </Fieldset>

        <Fieldset legend="Fiche de liaison">
          <div className="guidance">
            <p>La fiche de liaison accompagne l’orientation jusqu’au partenaire. Écrivez ce qui lui est utile, rien de plus :</p>
            <ul>
              <li>la situation, en quelques mots ;</li>
              <li>ce qui a déjà été fait (démarches, documents, aides demandées) ;</li>
              <li>ce que vous demandez au partenaire ;</li>
              <li>comment et quand joindre la personne, et si elle sait qu’elle est orientée.</li>
            </ul>
            <p>N’y mettez pas d’information de santé ni de détail intime que la personne n’a pas accepté de transmettre.</p>
          </div>
          <FormTextArea name="liaisonNote" label="Fiche de liaison" required rows={8} />
        </Fieldset>

        <FormActions
          busy={busy || placing}
          label={appointment.mode === 'book' ? 'Envoyer l’orientation et prendre le rendez-vous' : 'Envoyer l’orientation'}
          busyLabel="Envoi…"
          cancel="#/orientations"
          cancelClass="button--tertiary"
        />
      </FormFrame>
    </>
  );
}

/**
 * The referral is sent, its appointment is not: the slot was just taken (the next free ones are
 * offered) or the booking was refused. The referral stays sent, and the page says so.
 */
function PendingAppointment({
  referral,
  outcome,
  choice,
  onBook,
}: {
  referral: Referral;
  outcome: AfterSending;
  choice: AppointmentChoice;
  onBook: (slot: string) => Promise<void>;
}) {
  const [slot, setSlot] = useState('');
  const [sending, setSending] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const alternatives: Slot[] = outcome.kind === 'taken' ? outcome.alternatives : [];
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const chosen = outcome.kind === 'taken' ? slot : choice.slot;
    if (!chosen) {
      setProblem('Choisissez d’abord un créneau.');
      return;
    }
    setSending(true);
    setProblem(null);
    try {
      await onBook(chosen);
    } finally {
      setSending(false);
      setSlot('');
    }
  };
  return (
    <div data-testid="referral-pending-appointment">
      <p className="notice notice--success" role="status">
        L’orientation a été envoyée à {referral.toOrganisationName} : elle reste envoyée, que le rendez-vous soit pris ou non.
      </p>
      <p className="notice notice--error" role="alert">
        {outcome.kind === 'taken'
          ? alternatives.length > 0
            ? 'Le créneau choisi vient d’être pris : choisissez un des créneaux libres ci-dessous.'
            : 'Le créneau choisi vient d’être pris et la structure n’a plus de créneau libre proche : envoyez plutôt un lien à la personne depuis l’orientation, ou convenez d’un rendez-vous avec la structure.'
          : `Le rendez-vous n’a pas pu être pris : ${outcome.kind === 'failed' ? outcome.message : ''}`}
      </p>
      {problem ? (
        <p className="field__error" role="alert">
          {problem}
        </p>
      ) : null}
      <form onSubmit={submit} noValidate>
        {alternatives.length > 0 ? (
          <SlotRadios name="alternativeSlot" legend="Créneaux libres" slots={alternatives} value={slot} onChange={setSlot} />
        ) : null}
        <p className="form-actions">
          {outcome.kind === 'failed' || alternatives.length > 0 ? (
            <button type="submit" className="button" disabled={sending}>
              {sending ? 'Envoi…' : outcome.kind === 'failed' ? 'Réessayer de prendre le rendez-vous' : 'Prendre ce rendez-vous'}
            </button>
          ) : null}{' '}
          <a className="button button--tertiary" href={links.referral(referral.id)}>
            Voir l’orientation sans rendez-vous
          </a>
        </p>
      </form>
    </div>
  );
}
