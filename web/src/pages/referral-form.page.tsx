/**
 * `#/orientations/nouvelle?accueil=<id>&personne=<id>&themes=a,b`: sending a person to a
 * partner (DOMAIN rule 4), from a reception or from a person's record. The partner organisation
 * is found by typing; the liaison note (fiche de liaison) travels with the referral, so the form
 * says what belongs in it. The partner is notified the moment it is sent.
 */
import { type FormEvent, useEffect, useMemo, useState } from 'react';
import { ApiError, query } from '../api/http';
import { useApiQuery, useCreate } from '../api/queries';
import type { Page, PersonHistory, Referral, Service, Urgency } from '../api/types';
import { useAuth } from '../auth/auth-context';
import { isFieldWorker } from '../auth/permissions';
import { Combobox, type ComboOption } from '../components/combobox';
import { setFlash } from '../components/flash';
import { fieldId, ProblemSummary, SelectField, TextArea, TextField } from '../components/form';
import { PageHeading } from '../components/page-heading';
import { ErrorNotice, Loading } from '../components/status';
import { ThemeSelect } from '../components/theme-select';
import { useDirectory } from '../directory/directory-data';
import { organisationKindLabel, personName, THEME_TREE, URGENCIES } from '../labels';
import { links, navigate } from '../router';

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
};

const KNOWN_THEMES = new Set(THEME_TREE.flatMap((g) => [g.category, ...g.themes.map(([id]) => id)]));

interface Draft {
  toOrganisationId: string;
  serviceId: string;
  themes: string[];
  reason: string;
  urgency: Urgency;
  liaisonNote: string;
}

function missing(d: Draft): Array<{ path: string; message: string }> {
  const errors: Array<{ path: string; message: string }> = [];
  if (!d.toOrganisationId) errors.push({ path: 'body.toOrganisationId', message: 'Choisissez la structure vers laquelle vous orientez.' });
  if (d.themes.length === 0) errors.push({ path: 'body.themes', message: 'Choisissez au moins une thématique.' });
  if (d.reason.trim() === '') errors.push({ path: 'body.reason', message: 'Indiquez le motif en une phrase.' });
  if (d.liaisonNote.trim() === '') errors.push({ path: 'body.liaisonNote', message: 'Rédigez la fiche de liaison.' });
  return errors;
}

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
  const { state } = useAuth();
  const me = state.status === 'signed-in' ? state.me : null;
  const { data } = useDirectory();
  const [draft, setDraft] = useState<Draft>(() => ({
    toOrganisationId: '',
    serviceId: '',
    themes: presetThemes.filter((t) => KNOWN_THEMES.has(t)),
    reason: '',
    urgency: 'normal',
    liaisonNote: '',
  }));
  const focusSummary = () =>
    window.requestAnimationFrame(() =>
      document.querySelector<HTMLElement>('[data-testid="referral-form"] > [data-testid="problem"]')?.focus(),
    );
  const { run, busy, problem, errorOf, fail, clear } = useCreate<Record<string, unknown>, Referral>('/api/referrals', {
    onSuccess: (referral) => {
      const href = links.referral(referral.id);
      setFlash(href, `L’orientation a été envoyée à ${referral.toOrganisationName}, qui en est prévenue.`);
      navigate(href as `#/${string}`);
    },
    focusOnProblem: focusSummary,
  });
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }));

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
  const chosen = organisations.find((o) => o.value === draft.toOrganisationId);
  const services = useApiQuery<Page<Service>>(
    draft.toOrganisationId ? `/api/services${query({ organisationId: draft.toOrganisationId, limit: 200 })}` : null,
  );

  // A new organisation: its services are not the previous one's.
  useEffect(() => {
    setDraft((d) => ({ ...d, serviceId: '' }));
  }, [draft.toOrganisationId]);

  if (!isFieldWorker(me)) {
    return (
      <>
        <PageHeading title="Orienter une personne" />
        <ErrorNotice>Seuls les agents d’accueil, les travailleurs sociaux et les partenaires orientent des personnes.</ErrorNotice>
      </>
    );
  }

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    clear();
    const errors = missing(draft);
    if (errors.length > 0) {
      fail(new ApiError(400, 'Le formulaire contient des erreurs.', errors));
      focusSummary();
      return;
    }
    const body = {
      toOrganisationId: draft.toOrganisationId,
      ...(draft.serviceId ? { serviceId: draft.serviceId } : {}),
      ...(personId ? { personId } : {}),
      ...(receptionId ? { receptionId } : {}),
      themes: draft.themes,
      reason: draft.reason.trim(),
      urgency: draft.urgency,
      liaisonNote: draft.liaisonNote.trim(),
    };
    run(body);
  };

  const serviceOptions = services.state.status === 'ready' ? services.state.value.items.map((s) => [s.id, s.name] as const) : [];

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

      <form className="record-form" onSubmit={submit} noValidate data-testid="referral-form">
        <ProblemSummary problem={problem} labels={LABELS} />
        <fieldset className="fieldset">
          <legend>Vers qui</legend>
          <Combobox
            id={fieldId('toOrganisationId')}
            label="Structure destinataire"
            hint="Tapez une partie du nom : « CAF », « mission locale », « CCAS »…"
            required
            error={errorOf('toOrganisationId')}
            options={organisations}
            mode="single"
            noun={['structure', 'structures']}
            initialText={chosen?.label ?? ''}
            onPick={(option) => set('toOrganisationId', option.value)}
            onClear={() => set('toOrganisationId', '')}
          />
          {draft.toOrganisationId ? (
            services.state.status === 'loading' ? (
              <Loading>Chargement des services de la structure…</Loading>
            ) : (
              <SelectField
                path="serviceId"
                label="Service (facultatif)"
                hint={serviceOptions.length === 0 ? 'Cette structure n’a pas décrit ses services dans l’annuaire.' : undefined}
                placeholder="Pas de service en particulier"
                options={serviceOptions}
                value={draft.serviceId}
                onChange={(v) => set('serviceId', v)}
                error={errorOf('serviceId')}
              />
            )
          ) : null}
        </fieldset>

        <fieldset className="fieldset">
          <legend>Pourquoi</legend>
          <ThemeSelect values={draft.themes} onChange={(themes) => set('themes', themes)} error={errorOf('themes', true)} />
          <TextField
            path="reason"
            label="Motif"
            hint="En une phrase, par exemple : « Ouverture de droits RSA »."
            required
            maxLength={500}
            value={draft.reason}
            onChange={(v) => set('reason', v)}
            error={errorOf('reason')}
          />
          <fieldset className="inline-radios">
            <legend>Urgence</legend>
            {URGENCIES.map(([value, label]) => (
              <div className="field field--checkbox" key={value}>
                <input
                  type="radio"
                  id={value === 'normal' ? fieldId('urgency') : `${fieldId('urgency')}-${value}`}
                  name="urgence"
                  checked={draft.urgency === value}
                  onChange={() => set('urgency', value)}
                />
                <label htmlFor={value === 'normal' ? fieldId('urgency') : `${fieldId('urgency')}-${value}`}>{label}</label>
              </div>
            ))}
          </fieldset>
        </fieldset>

        <fieldset className="fieldset">
          <legend>Fiche de liaison</legend>
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
          <TextArea
            path="liaisonNote"
            label="Fiche de liaison"
            required
            rows={8}
            value={draft.liaisonNote}
            onChange={(v) => set('liaisonNote', v)}
            error={errorOf('liaisonNote')}
          />
        </fieldset>

        <div className="form-actions">
          <button type="submit" className="button" disabled={busy}>
            {busy ? 'Envoi…' : 'Envoyer l’orientation'}
          </button>
          <a className="button button--tertiary" href="#/orientations">
            Annuler
          </a>
        </div>
      </form>
    </>
  );
}
