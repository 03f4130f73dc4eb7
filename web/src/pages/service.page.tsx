import { useMemo } from 'react';
import { useWatch } from 'react-hook-form';
import { CreateServiceSchema } from '../../../services/directory/domain/directory.schema';
import type { Service } from '../api/types';
import { FormCheckboxGroup, FormSelect, FormText, FormTextArea, FormThemePicker } from '../components/api-form';
import { Fieldset, numberOf, optional, phoneOf } from '../components/form';
import { OrganisationChoice, PhoneAndEmail, RecordForm, useRecordForm } from '../components/record-form';
import { type DirectoryRecordKind, DirectoryRecordPage } from '../components/record-page';

import { OpeningHours, ThemeList } from '../components/theme-list';
import { useDirectory } from '../directory/directory-data';
import { HoursEditor } from '../directory/hours-editor';
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
    phone: phoneOf(d.phone),
    email: optional(d.email),
    contactName: optional(d.contactName),
    openingHours: optional(d.openingHours),
    weeklyHours: numberOf(d.weeklyHours),
  };
}

/** What the form sends, where, checked with which of the API's schemas. */
const FORM = { collection: 'services', toBody: bodyOf, schema: CreateServiceSchema } as const;

/** The sites of the chosen organisation. */
function SiteChoice() {
  const { data } = useDirectory();
  const organisationId = useWatch<Draft, 'organisationId'>({ name: 'organisationId' });
  const sites = useMemo(
    () =>
      data.status === 'ready' ? data.sites.filter((s) => s.organisationId === organisationId).map((s) => [s.id, s.name] as const) : [],
    [data, organisationId],
  );
  return (
    <FormSelect
      name="siteId"
      label="Lieu où le service est rendu"
      hint="Aucun : dans tous les lieux de la structure, ou à distance."
      placeholder="Aucun lieu en particulier"
      options={sites}
    />
  );
}

function ServiceForm({ initial, organisationId, onSaved }: { initial?: Service; organisationId: string; onSaved: (s: Service) => void }) {
  const record = useRecordForm({ ...FORM, initial, draft: () => draftOf(initial, organisationId), onSaved });
  const organisation = record.form.watch('organisationId');

  return (
    <RecordForm
      record={record}
      labels={LABELS}
      hint="Les champs marqués « obligatoire » doivent être remplis. Les listes suivent le référentiel data·inclusion."
      createLabel="Créer le service"
      cancel={organisation ? links.organisation(organisation) : '#/structures'}
    >
      <Fieldset legend="Le service">
        {initial ? null : <OrganisationChoice onValue={() => record.form.setValue('siteId', '')} />}
        <SiteChoice />
        <FormText name="name" label="Nom du service" required />
        <FormTextArea name="description" label="Description" required rows={4} />
        <FormSelect name="type" label="Type de service" placeholder="Non précisé" options={SERVICE_TYPES} />
      </Fieldset>

      <FormThemePicker />

      <Fieldset legend="Pour qui">
        <FormCheckboxGroup name="publics" legend="Publics" hint="« Tous publics » s’emploie seul." options={PUBLICS} />
        <FormTextArea name="publicsDetails" label="Précisions sur les publics" />
        <FormTextArea name="accessConditions" label="Conditions d’accès" />
        <FormText
          name="eligibilityZone"
          label="Zone d’éligibilité"
          hint="Codes séparés par des espaces : commune (46102), département (46), EPCI (SIREN à 9 chiffres) ou « france ». Vide : pas de restriction."
        />
        <FormSelect name="fees" label="Frais" placeholder="Non précisé" options={FRAIS} />
        <FormText name="feesDetails" label="Précisions sur les frais" />
      </Fieldset>

      <Fieldset legend="Comment y accéder">
        <FormCheckboxGroup name="receptionModes" legend="Modes d’accueil" options={MODES_ACCUEIL} />
        <FormCheckboxGroup name="mobilisationModes" legend="Comment mobiliser le service" options={MODES_MOBILISATION} />
        <FormCheckboxGroup name="mobilisableBy" legend="Qui peut mobiliser le service" options={PERSONNES_MOBILISATRICES} />
        <FormText
          name="mobilisationLink"
          label="Lien de mobilisation"
          hint="Adresse https:// d’un formulaire ou d’une prise de rendez-vous."
          type="url"
        />
        <FormTextArea name="mobilisationDetails" label="Précisions sur la mobilisation" />
        <HoursEditor
          example="Mo-Fr 09:00-12:00,14:00-17:00"
          after=". Vide : ceux du lieu."
          hint="Tous les jours fermés et sans exception : ceux du lieu."
        />
        <FormText name="weeklyHours" label="Heures d’ouverture par semaine" inputMode="decimal" />
      </Fieldset>

      <Fieldset legend="Contact">
        <FormText name="contactName" label="Nom du contact" />
        <PhoneAndEmail />
      </Fieldset>
    </RecordForm>
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
