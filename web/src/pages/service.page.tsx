import { type FormEvent, useMemo, useState } from 'react';
import { useSaveRecord } from '../api/queries';
import type { Service } from '../api/types';
import { useAuth } from '../auth/auth-context';
import { editableOrganisationIds } from '../auth/permissions';
import { CheckboxGroup, optional, ProblemSummary, SelectField, TextArea, TextField, ThemePicker } from '../components/form';
import { DirectoryRecordPage, type DirectoryRecordKind } from '../components/record-page';

import { OpeningHours, ThemeList } from '../components/theme-list';
import { useDirectory } from '../directory/directory-data';
import {
  FRAIS,
  formatOpeningHours,
  formatPhone,
  labelIn,
  MODES_ACCUEIL,
  MODES_MOBILISATION,
  PERSONNES_MOBILISATRICES,
  PUBLICS,
  SERVICE_TYPES,
} from '../labels';
import { links } from '../router';

interface Draft {
  organisationId: string;
  siteId: string;
  name: string;
  description: string;
  type: string;
  themes: string[];
  publics: string[];
  publicsDetails: string;
  receptionModes: string[];
  mobilisationModes: string[];
  mobilisableBy: string[];
  mobilisationLink: string;
  mobilisationDetails: string;
  fees: string;
  feesDetails: string;
  accessConditions: string;
  eligibilityZone: string;
  phone: string;
  email: string;
  contactName: string;
  openingHours: string;
  weeklyHours: string;
}

const LABELS: Readonly<Record<string, string>> = {
  organisationId: 'Structure',
  siteId: 'Lieu',
  name: 'Nom du service',
  description: 'Description',
  type: 'Type de service',
  themes: 'Thématiques',
  'themes.*': 'Thématique',
  publics: 'Publics',
  'publics.*': 'Public',
  publicsDetails: 'Précisions sur les publics',
  receptionModes: 'Modes d’accueil',
  mobilisationModes: 'Comment mobiliser le service',
  mobilisableBy: 'Qui peut mobiliser le service',
  mobilisationLink: 'Lien de mobilisation',
  mobilisationDetails: 'Précisions sur la mobilisation',
  fees: 'Frais',
  feesDetails: 'Précisions sur les frais',
  accessConditions: 'Conditions d’accès',
  eligibilityZone: 'Zone d’éligibilité',
  'eligibilityZone.*': 'Code de zone',
  phone: 'Téléphone',
  email: 'Courriel',
  contactName: 'Nom du contact',
  openingHours: 'Horaires',
  weeklyHours: 'Heures par semaine',
  version: 'Version',
};

function draftOf(s: Service | undefined, organisationId: string): Draft {
  return {
    organisationId: s?.organisationId ?? organisationId,
    siteId: s?.siteId ?? '',
    name: s?.name ?? '',
    description: s?.description ?? '',
    type: s?.type ?? '',
    themes: s?.themes ?? [],
    publics: s?.publics ?? ['tous-publics'],
    publicsDetails: s?.publicsDetails ?? '',
    receptionModes: s?.receptionModes ?? ['en-presentiel'],
    mobilisationModes: s?.mobilisationModes ?? [],
    mobilisableBy: s?.mobilisableBy ?? ['usagers', 'professionnels'],
    mobilisationLink: s?.mobilisationLink ?? '',
    mobilisationDetails: s?.mobilisationDetails ?? '',
    fees: s?.fees ?? '',
    feesDetails: s?.feesDetails ?? '',
    accessConditions: s?.accessConditions ?? '',
    eligibilityZone: (s?.eligibilityZone ?? []).join(' '),
    phone: s?.phone ?? '',
    email: s?.email ?? '',
    contactName: s?.contactName ?? '',
    openingHours: s?.openingHours ?? '',
    weeklyHours: s?.weeklyHours === undefined ? '' : String(s.weeklyHours),
  };
}

function bodyOf(d: Draft): Record<string, unknown> {
  const hours = Number(d.weeklyHours.replace(',', '.'));
  return {
    organisationId: d.organisationId,
    siteId: optional(d.siteId),
    name: d.name.trim(),
    description: d.description.trim(),
    type: optional(d.type),
    themes: d.themes,
    publics: d.publics,
    publicsDetails: optional(d.publicsDetails),
    receptionModes: d.receptionModes,
    mobilisationModes: d.mobilisationModes,
    mobilisableBy: d.mobilisableBy,
    mobilisationLink: optional(d.mobilisationLink),
    mobilisationDetails: optional(d.mobilisationDetails),
    fees: optional(d.fees),
    feesDetails: optional(d.feesDetails),
    accessConditions: optional(d.accessConditions),
    eligibilityZone: d.eligibilityZone.split(/[\s,;]+/).filter(Boolean),
    phone: optional(d.phone.replace(/[\s.]/g, '')),
    email: optional(d.email),
    contactName: optional(d.contactName),
    openingHours: optional(d.openingHours),
    weeklyHours: d.weeklyHours.trim() === '' || Number.isNaN(hours) ? undefined : hours,
  };
}

function ServiceForm({ initial, organisationId, onSaved }: { initial?: Service; organisationId: string; onSaved: (s: Service) => void }) {
  const { state } = useAuth();
  const me = state.status === 'signed-in' ? state.me : null;
  const { data } = useDirectory();
  const [draft, setDraft] = useState<Draft>(() => draftOf(initial, organisationId));
  const original = useMemo(() => bodyOf(draftOf(initial, organisationId)), [initial, organisationId]);
  const { run, busy, problem, errorOf } = useSaveRecord('services', { initial, original, onSaved });
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }));

  const organisations = useMemo(() => {
    if (data.status !== 'ready') return [];
    const allowed = new Set(editableOrganisationIds(me, data.organisations));
    return data.organisations.filter((o) => allowed.has(o.id)).map((o) => [o.id, o.name] as const);
  }, [data, me]);
  const sites = useMemo(
    () =>
      data.status === 'ready'
        ? data.sites.filter((s) => s.organisationId === draft.organisationId).map((s) => [s.id, s.name] as const)
        : [],
    [data, draft.organisationId],
  );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    run(bodyOf(draft));
  };

  return (
    <form className="record-form" onSubmit={submit} noValidate>
      <ProblemSummary problem={problem} labels={LABELS} onReload={() => window.location.reload()} />
      <p className="hint">Les champs marqués « obligatoire » doivent être remplis. Les listes suivent le référentiel data·inclusion.</p>
      <fieldset className="fieldset">
        <legend>Le service</legend>
        {initial ? null : (
          <SelectField
            path="organisationId"
            label="Structure"
            required
            placeholder="Choisissez la structure"
            options={organisations}
            value={draft.organisationId}
            onChange={(v) => setDraft((d) => ({ ...d, organisationId: v, siteId: '' }))}
            error={errorOf('organisationId')}
          />
        )}
        <SelectField
          path="siteId"
          label="Lieu où le service est rendu"
          hint="Aucun : dans tous les lieux de la structure, ou à distance."
          placeholder="Aucun lieu en particulier"
          options={sites}
          value={draft.siteId}
          onChange={(v) => set('siteId', v)}
          error={errorOf('siteId')}
        />
        <TextField
          path="name"
          label="Nom du service"
          required
          value={draft.name}
          onChange={(v) => set('name', v)}
          error={errorOf('name')}
        />
        <TextArea
          path="description"
          label="Description"
          required
          rows={4}
          value={draft.description}
          onChange={(v) => set('description', v)}
          error={errorOf('description')}
        />
        <SelectField
          path="type"
          label="Type de service"
          placeholder="Non précisé"
          options={SERVICE_TYPES}
          value={draft.type}
          onChange={(v) => set('type', v)}
          error={errorOf('type')}
        />
      </fieldset>

      <ThemePicker values={draft.themes} onChange={(v) => set('themes', v)} error={errorOf('themes', true)} />

      <fieldset className="fieldset">
        <legend>Pour qui</legend>
        <CheckboxGroup
          path="publics"
          legend="Publics"
          hint="« Tous publics » s’emploie seul."
          options={PUBLICS}
          values={draft.publics}
          onChange={(v) => set('publics', v)}
          error={errorOf('publics', true)}
        />
        <TextArea
          path="publicsDetails"
          label="Précisions sur les publics"
          value={draft.publicsDetails}
          onChange={(v) => set('publicsDetails', v)}
          error={errorOf('publicsDetails')}
        />
        <TextArea
          path="accessConditions"
          label="Conditions d’accès"
          value={draft.accessConditions}
          onChange={(v) => set('accessConditions', v)}
          error={errorOf('accessConditions')}
        />
        <TextField
          path="eligibilityZone"
          label="Zone d’éligibilité"
          hint="Codes séparés par des espaces : commune (46102), département (46), EPCI (SIREN à 9 chiffres) ou « france ». Vide : pas de restriction."
          value={draft.eligibilityZone}
          onChange={(v) => set('eligibilityZone', v)}
          error={errorOf('eligibilityZone', true)}
        />
        <SelectField
          path="fees"
          label="Frais"
          placeholder="Non précisé"
          options={FRAIS}
          value={draft.fees}
          onChange={(v) => set('fees', v)}
          error={errorOf('fees')}
        />
        <TextField
          path="feesDetails"
          label="Précisions sur les frais"
          value={draft.feesDetails}
          onChange={(v) => set('feesDetails', v)}
          error={errorOf('feesDetails')}
        />
      </fieldset>

      <fieldset className="fieldset">
        <legend>Comment y accéder</legend>
        <CheckboxGroup
          path="receptionModes"
          legend="Modes d’accueil"
          options={MODES_ACCUEIL}
          values={draft.receptionModes}
          onChange={(v) => set('receptionModes', v)}
          error={errorOf('receptionModes', true)}
        />
        <CheckboxGroup
          path="mobilisationModes"
          legend="Comment mobiliser le service"
          options={MODES_MOBILISATION}
          values={draft.mobilisationModes}
          onChange={(v) => set('mobilisationModes', v)}
          error={errorOf('mobilisationModes', true)}
        />
        <CheckboxGroup
          path="mobilisableBy"
          legend="Qui peut mobiliser le service"
          options={PERSONNES_MOBILISATRICES}
          values={draft.mobilisableBy}
          onChange={(v) => set('mobilisableBy', v)}
          error={errorOf('mobilisableBy', true)}
        />
        <TextField
          path="mobilisationLink"
          label="Lien de mobilisation"
          hint="Adresse https:// d’un formulaire ou d’une prise de rendez-vous."
          type="url"
          value={draft.mobilisationLink}
          onChange={(v) => set('mobilisationLink', v)}
          error={errorOf('mobilisationLink')}
        />
        <TextArea
          path="mobilisationDetails"
          label="Précisions sur la mobilisation"
          value={draft.mobilisationDetails}
          onChange={(v) => set('mobilisationDetails', v)}
          error={errorOf('mobilisationDetails')}
        />
        <TextField
          path="openingHours"
          label="Horaires"
          hint={
            <>
              Syntaxe OpenStreetMap, par exemple <code>Mo-Fr 09:00-12:00,14:00-17:00</code>. Vide : ceux du lieu.
            </>
          }
          spellCheck={false}
          value={draft.openingHours}
          onChange={(v) => set('openingHours', v)}
          error={errorOf('openingHours')}
        />
        <TextField
          path="weeklyHours"
          label="Heures d’ouverture par semaine"
          inputMode="decimal"
          value={draft.weeklyHours}
          onChange={(v) => set('weeklyHours', v)}
          error={errorOf('weeklyHours')}
        />
      </fieldset>

      <fieldset className="fieldset">
        <legend>Contact</legend>
        <TextField
          path="contactName"
          label="Nom du contact"
          value={draft.contactName}
          onChange={(v) => set('contactName', v)}
          error={errorOf('contactName')}
        />
        <div className="field-row">
          <TextField
            path="phone"
            label="Téléphone"
            hint="Format international : +33565000000"
            type="tel"
            value={draft.phone}
            onChange={(v) => set('phone', v)}
            error={errorOf('phone')}
          />
          <TextField
            path="email"
            label="Courriel"
            type="email"
            value={draft.email}
            onChange={(v) => set('email', v)}
            error={errorOf('email')}
          />
        </div>
      </fieldset>

      <div className="form-actions">
        <button type="submit" className="button" disabled={busy}>
          {busy ? 'Enregistrement…' : initial ? 'Enregistrer les modifications' : 'Créer le service'}
        </button>
        <a className="button button--secondary" href={draft.organisationId ? links.organisation(draft.organisationId) : '#/structures'}>
          Annuler
        </a>
      </div>
    </form>
  );
}

const listOf = (list: ReadonlyArray<readonly [string, string]>, values: readonly string[]) =>
  values.length > 0 ? values.map((v) => labelIn(list, v)).join(', ') : 'Non précisé';

function ServiceDetails({ record: service, organisationName }: { record: Service; organisationName: string }) {
  return (
    <dl className="facts" data-testid="read-only">
      <div>
        <dt>Structure</dt>
        <dd>
          <a href={links.organisation(service.organisationId)}>{organisationName}</a>
        </dd>
      </div>
      <div>
        <dt>Description</dt>
        <dd>{service.description}</dd>
      </div>
      {service.type ? (
        <div>
          <dt>Type</dt>
          <dd>{labelIn(SERVICE_TYPES, service.type)}</dd>
        </div>
      ) : null}
      <div>
        <dt>Thématiques</dt>
        <dd>
          <ThemeList themes={service.themes} />
        </dd>
      </div>
      <div>
        <dt>Publics</dt>
        <dd>
          {listOf(PUBLICS, service.publics)}
          {service.publicsDetails ? ` — ${service.publicsDetails}` : ''}
        </dd>
      </div>
      {service.accessConditions ? (
        <div>
          <dt>Conditions d’accès</dt>
          <dd>{service.accessConditions}</dd>
        </div>
      ) : null}
      <div>
        <dt>Accueil</dt>
        <dd>{listOf(MODES_ACCUEIL, service.receptionModes)}</dd>
      </div>
      <div>
        <dt>Mobilisation</dt>
        <dd>
          {listOf(MODES_MOBILISATION, service.mobilisationModes)} ; par : {listOf(PERSONNES_MOBILISATRICES, service.mobilisableBy)}
          {service.mobilisationDetails ? ` — ${service.mobilisationDetails}` : ''}
          {service.mobilisationLink ? (
            <>
              {' '}
              — <a href={service.mobilisationLink}>lien de mobilisation</a>
            </>
          ) : null}
        </dd>
      </div>
      <div>
        <dt>Frais</dt>
        <dd>
          {service.fees ? labelIn(FRAIS, service.fees) : 'Non précisé'}
          {service.feesDetails ? ` — ${service.feesDetails}` : ''}
        </dd>
      </div>
      {service.openingHours ? (
        <div>
          <dt>Horaires</dt>
          <dd>
            <OpeningHours lines={formatOpeningHours(service.openingHours)} />
          </dd>
        </div>
      ) : null}
      {service.contactName || service.phone || service.email ? (
        <div>
          <dt>Contact</dt>
          <dd>
            {service.contactName ?? ''} {service.phone ? <a href={`tel:${service.phone}`}>{formatPhone(service.phone)}</a> : null}{' '}
            {service.email ? <a href={`mailto:${service.email}`}>{service.email}</a> : null}
          </dd>
        </div>
      ) : null}
    </dl>
  );
}

const SERVICE: DirectoryRecordKind<Service> = {
  collection: 'services',
  link: links.service,
  words: {
    title: 'Service',
    loading: 'Chargement du service…',
    missing: 'Service introuvable',
    newTitle: 'Nouveau service',
    created: 'Le service a été créé.',
    notAllowed: 'Vous ne pouvez pas ajouter de service : seuls les partenaires (pour leur structure) et la coordination le peuvent.',
  },
  Form: ServiceForm,
  Details: ServiceDetails,
};

/** `#/services/<id>` (a form for those who may edit it) and `#/services/nouveau?structure=<id>`. */
export function ServicePage(props: { id?: string; organisationId?: string }) {
  return <DirectoryRecordPage kind={SERVICE} {...props} />;
}
