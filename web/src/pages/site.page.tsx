import { useWatch } from 'react-hook-form';
import { CreateSiteSchema } from '../../../services/directory/domain/directory.schema';
import type { Site } from '../api/types';
import { useAuth } from '../auth/auth-context';
import { isCoordinator, isFieldWorker } from '../auth/permissions';
import { FormCheckbox, FormText, FormTextArea, FormThemePicker, messagesAt } from '../components/api-form';
import { CommuneCombobox } from '../components/commune-combobox';
import { Fieldset, fieldId, numberOf, optional, phoneOf } from '../components/form';
import { OrganisationChoice, PhoneAndEmail, RecordForm, useRecordForm } from '../components/record-form';
import { type DirectoryRecordKind, DirectoryRecordPage } from '../components/record-page';
import { UnconditionalBadge } from '../components/status';
import { OpeningHours, ThemeList } from '../components/theme-list';
import { HoursEditor } from '../directory/hours-editor';
import { SitePublication, SiteQuality } from '../directory/site-publication';
import { formatOpeningHours, formatPhone, LOCATION_SOURCE_LABELS, openingStatus } from '../labels';
import { links } from '../router';

interface Draft {
  organisationId: string;
  name: string;
  address: string;
  communeCode: string;
  postalCode: string;
  location: { lon: string; lat: string };
  openingHours: string;
  unconditionalReception: boolean;
  onPublicMap: boolean;
  themes: string[];
  accessibility: string;
  phone: string;
  email: string;
}

const OPENING_HOURS_EXAMPLE = 'Mo-Fr 09:00-12:00,14:00-17:00; Sa 09:00-12:00';

const LABELS: Readonly<Record<string, string>> = {
  organisationId: 'Structure',
  name: 'Nom du lieu',
  address: 'Adresse',
  communeCode: 'Code commune INSEE',
  postalCode: 'Code postal',
  location: 'Position',
  'location.lon': 'Longitude',
  'location.lat': 'Latitude',
  openingHours: 'Horaires',
  unconditionalReception: 'Accueil inconditionnel',
  onPublicMap: 'Carte publique',
  themes: 'Thématiques',
  'themes.*': 'Thématique',
  accessibility: 'Accessibilité',
  phone: 'Téléphone',
  email: 'Courriel',
  version: 'Version',
};

function draftOf(site: Site | undefined, organisationId: string): Draft {
  // A position Relais computed (commune centre, geocoding) is not the user's: leave it out of the form.
  const typed = site && (site.locationSource === undefined || site.locationSource === 'provided');
  return {
    organisationId: site?.organisationId ?? organisationId,
    name: site?.name ?? '',
    address: site?.address ?? '',
    communeCode: site?.communeCode ?? '',
    postalCode: site?.postalCode ?? '',
    location: { lon: typed ? String(site.location.lon) : '', lat: typed ? String(site.location.lat) : '' },
    openingHours: site?.openingHours ?? '',
    unconditionalReception: site?.unconditionalReception ?? true,
    onPublicMap: site?.onPublicMap ?? true,
    themes: site?.themes ?? [],
    accessibility: site?.accessibility ?? '',
    phone: site?.phone ?? '',
    email: site?.email ?? '',
  };
}

function bodyOf(d: Draft): Record<string, unknown> {
  const lon = numberOf(d.location.lon);
  const lat = numberOf(d.location.lat);
  return {
    organisationId: d.organisationId,
    name: d.name.trim(),
    address: d.address.trim(),
    communeCode: d.communeCode.trim(),
    postalCode: optional(d.postalCode),
    location: lon !== undefined || lat !== undefined ? { lon, lat } : undefined,
    openingHours: d.openingHours.trim(),
    unconditionalReception: d.unconditionalReception,
    onPublicMap: d.onPublicMap,
    themes: d.themes,
    accessibility: d.accessibility.trim(),
    phone: phoneOf(d.phone),
    email: optional(d.email),
  };
}

/** What the form sends, where, checked with which of the API's schemas. */
const FORM = { collection: 'sites', toBody: bodyOf, schema: CreateSiteSchema } as const;

/** What the visitors will read of the hours being typed. */
function HoursPreview() {
  const hours = useWatch<Draft, 'openingHours'>({ name: 'openingHours' });
  const preview = formatOpeningHours(hours);
  return preview.length > 0 ? (
    <div className="preview" aria-live="polite">
      <p className="preview__title">Ce que liront les visiteurs :</p>
      <OpeningHours lines={preview} />
    </div>
  ) : null;
}

function SiteForm({ initial, organisationId, onSaved }: { initial?: Site; organisationId: string; onSaved: (site: Site) => void }) {
  const record = useRecordForm({ ...FORM, initial, draft: () => draftOf(initial, organisationId), onSaved });
  const { setValue, getValues } = record.form;
  const locationError = messagesAt(record.form.formState.errors, 'location');
  const organisation = record.form.watch('organisationId');

  return (
    <RecordForm
      record={record}
      labels={LABELS}
      createLabel="Créer le lieu"
      cancel={organisation ? links.organisation(organisation) : '#/annuaire'}
    >
      {initial ? (
        <>
          <SitePublication site={initial} />
          <SiteQuality site={initial} />
        </>
      ) : null}
      <Fieldset legend="Le lieu">
        {initial ? null : <OrganisationChoice />}
        <FormText name="name" label="Nom du lieu" required />
        <FormText name="address" label="Adresse" hint="Numéro et rue, code postal et commune." required autoComplete="street-address" />
        <CommuneCombobox
          label="Chercher la commune"
          hint="Tapez le nom ou le code postal : le code commune et le code postal se remplissent."
          onSelect={(commune) => {
            const postalCode = getValues('postalCode');
            setValue('communeCode', commune.code, { shouldDirty: true });
            setValue('postalCode', commune.postalCodes.includes(postalCode) ? postalCode : (commune.postalCodes[0] ?? postalCode), {
              shouldDirty: true,
            });
          }}
        />
        <div className="field-row">
          <FormText
            name="communeCode"
            label="Code commune INSEE"
            hint="5 caractères, par exemple 46102 pour Figeac."
            required
            inputMode="numeric"
          />
          <FormText name="postalCode" label="Code postal" inputMode="numeric" autoComplete="postal-code" />
        </div>
      </Fieldset>

      <fieldset className="fieldset" aria-describedby={`${fieldId('location')}-aide`}>
        <legend>Position sur la carte (facultatif)</legend>
        <p className="hint" id={`${fieldId('location')}-aide`}>
          Laisser vide : position de la commune (Relais la calcule).
          {initial?.locationSource && initial.locationSource !== 'provided'
            ? ` Position actuelle : ${LOCATION_SOURCE_LABELS[initial.locationSource] ?? initial.locationSource}.`
            : ''}{' '}
          Coordonnées en degrés décimaux, par exemple longitude 2,0317 et latitude 44,6086.
        </p>
        {locationError && !record.form.formState.errors.location?.lon && !record.form.formState.errors.location?.lat ? (
          <p className="field__error">{locationError}</p>
        ) : null}
        <div className="field-row">
          <FormText name="location.lon" label="Longitude" inputMode="decimal" />
          <FormText name="location.lat" label="Latitude" inputMode="decimal" />
        </div>
      </fieldset>

      <Fieldset legend="Accueil">
        <HoursEditor
          example={OPENING_HOURS_EXAMPLE}
          after=" (Mo lundi, Tu mardi, We mercredi, Th jeudi, Fr vendredi, Sa samedi, Su dimanche ; PH jours fériés)."
        />
        <HoursPreview />
        <FormCheckbox
          name="unconditionalReception"
          label="Accueil inconditionnel"
          hint="Toute personne y est reçue, quelle que soit sa demande."
        />
        <FormCheckbox
          name="onPublicMap"
          label="Afficher sur la carte publique"
          hint="La carte publique montre les lieux d’accueil inconditionnel au grand public."
        />
        <FormTextArea
          name="accessibility"
          label="Accessibilité"
          hint="Accès en fauteuil roulant, stationnement, boucle magnétique, transports…"
        />
        <PhoneAndEmail />
      </Fieldset>

      <FormThemePicker />
    </RecordForm>
  );
}

function SiteDetails({ record: site, organisationName }: { record: Site; organisationName: string }) {
  const status = openingStatus(site);
  return (
    <>
      <SitePublication site={site} />
      <SiteQuality site={site} />
      <dl className="facts" data-testid="read-only">
        <div>
          <dt>Structure</dt>
          <dd>
            <a href={links.organisation(site.organisationId)}>{organisationName}</a>
          </dd>
        </div>
        <div>
          <dt>Adresse</dt>
          <dd>
            {site.address} <span className="muted">(commune {site.communeCode})</span>
          </dd>
        </div>
        <div>
          <dt>Horaires</dt>
          <dd>
            {status ? <p className={site.openNow ? 'badge badge--success' : 'badge badge--neutral'}>{status}</p> : null}
            <OpeningHours lines={formatOpeningHours(site.openingHours)} />
          </dd>
        </div>
        <div>
          <dt>Accueil</dt>
          <dd>
            {site.unconditionalReception ? <UnconditionalBadge /> : 'Accueil sur demande ciblée'}{' '}
            {site.onPublicMap === false ? '(hors carte publique)' : ''}
          </dd>
        </div>
        <div>
          <dt>Accessibilité</dt>
          <dd>{site.accessibility || 'Non renseignée'}</dd>
        </div>
        {site.phone ? (
          <div>
            <dt>Téléphone</dt>
            <dd>
              <a href={`tel:${site.phone}`}>{formatPhone(site.phone)}</a>
            </dd>
          </div>
        ) : null}
        {site.email ? (
          <div>
            <dt>Courriel</dt>
            <dd>
              <a href={`mailto:${site.email}`}>{site.email}</a>
            </dd>
          </div>
        ) : null}
        <div>
          <dt>Thématiques</dt>
          <dd>
            <ThemeList themes={site.themes} />
          </dd>
        </div>
      </dl>
    </>
  );
}

const SITE: DirectoryRecordKind<Site> = {
  collection: 'sites',
  link: links.site,
  words: {
    title: 'Lieu d’accueil',
    loading: 'Chargement du lieu…',
    missing: 'Lieu introuvable',
    newTitle: 'Nouveau lieu d’accueil',
    created: 'Le lieu a été créé.',
    notAllowed: 'Vous ne pouvez pas ajouter de lieu : seuls les partenaires (pour leur structure) et la coordination le peuvent.',
  },
  Form: SiteForm,
  Details: SiteDetails,
  Actions: ({ record }) => <SiteAppointmentLinks site={record} />,
};

/** The site's availability; its agenda of the week for its own organisation and the coordination (`appointments.agenda`). */
function SiteAppointmentLinks({ site }: { site: Site }) {
  const { state } = useAuth();
  const me = state.status === 'signed-in' ? state.me : null;
  const mayReadAgenda = isCoordinator(me) || (!!me && me.organisationId === site.organisationId && isFieldWorker(me));
  return (
    <p>
      <a href={links.availability(site.id)}>Disponibilités pour les rendez-vous</a>
      {mayReadAgenda ? (
        <>
          {' · '}
          <a href={links.siteAgenda(site.id)}>Agenda des rendez-vous de la semaine</a>
        </>
      ) : null}
    </p>
  );
}

/** `#/lieux/<id>` (a form for those who may edit it) and `#/lieux/nouveau?structure=<id>`. */
export function SitePage(props: { id?: string; organisationId?: string }) {
  return <DirectoryRecordPage kind={SITE} {...props} />;
}
