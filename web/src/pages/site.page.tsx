import { type FormEvent, useMemo, useState } from 'react';
import { useSaveRecord } from '../api/queries';
import type { Site } from '../api/types';
import { useAuth } from '../auth/auth-context';
import { editableOrganisationIds } from '../auth/permissions';
import { CommuneCombobox } from '../components/commune-combobox';
import { CheckboxField, fieldId, optional, ProblemSummary, SelectField, TextArea, TextField, ThemePicker } from '../components/form';
import { DirectoryRecordPage, type DirectoryRecordKind } from '../components/record-page';
import { UnconditionalBadge } from '../components/status';
import { OpeningHours, ThemeList } from '../components/theme-list';
import { useDirectory } from '../directory/directory-data';
import { formatOpeningHours, formatPhone, LOCATION_SOURCE_LABELS, openingStatus } from '../labels';
import { links } from '../router';

interface Draft {
  organisationId: string;
  name: string;
  address: string;
  communeCode: string;
  postalCode: string;
  lon: string;
  lat: string;
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
    lon: typed ? String(site.location.lon) : '',
    lat: typed ? String(site.location.lat) : '',
    openingHours: site?.openingHours ?? '',
    unconditionalReception: site?.unconditionalReception ?? true,
    onPublicMap: site?.onPublicMap ?? true,
    themes: site?.themes ?? [],
    accessibility: site?.accessibility ?? '',
    phone: site?.phone ?? '',
    email: site?.email ?? '',
  };
}

const number = (text: string): number | undefined => {
  const value = Number(text.trim().replace(',', '.'));
  return text.trim() === '' || Number.isNaN(value) ? undefined : value;
};

function bodyOf(d: Draft): Record<string, unknown> {
  const lon = number(d.lon);
  const lat = number(d.lat);
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
    phone: optional(d.phone.replace(/[\s.]/g, '')),
    email: optional(d.email),
  };
}

function SiteForm({ initial, organisationId, onSaved }: { initial?: Site; organisationId: string; onSaved: (site: Site) => void }) {
  const { data } = useDirectory();
  const { state } = useAuth();
  const me = state.status === 'signed-in' ? state.me : null;
  const [draft, setDraft] = useState<Draft>(() => draftOf(initial, organisationId));
  const original = useMemo(() => bodyOf(draftOf(initial, organisationId)), [initial, organisationId]);
  const { run, busy, problem, errorOf } = useSaveRecord('sites', { initial, original, onSaved });
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }));

  const organisations = useMemo(() => {
    if (data.status !== 'ready') return [];
    const allowed = new Set(editableOrganisationIds(me, data.organisations));
    return data.organisations.filter((o) => allowed.has(o.id)).map((o) => [o.id, o.name] as const);
  }, [data, me]);
  const preview = formatOpeningHours(draft.openingHours);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    run(bodyOf(draft));
  };

  return (
    <form className="record-form" onSubmit={submit} noValidate>
      <ProblemSummary problem={problem} labels={LABELS} onReload={() => window.location.reload()} />
      <p className="hint">Les champs marqués « obligatoire » doivent être remplis.</p>
      <fieldset className="fieldset">
        <legend>Le lieu</legend>
        {initial ? null : (
          <SelectField
            path="organisationId"
            label="Structure"
            required
            placeholder="Choisissez la structure"
            options={organisations}
            value={draft.organisationId}
            onChange={(v) => set('organisationId', v)}
            error={errorOf('organisationId')}
          />
        )}
        <TextField path="name" label="Nom du lieu" required value={draft.name} onChange={(v) => set('name', v)} error={errorOf('name')} />
        <TextField
          path="address"
          label="Adresse"
          hint="Numéro et rue, code postal et commune."
          required
          autoComplete="street-address"
          value={draft.address}
          onChange={(v) => set('address', v)}
          error={errorOf('address')}
        />
        <CommuneCombobox
          label="Chercher la commune"
          hint="Tapez le nom ou le code postal : le code commune et le code postal se remplissent."
          onSelect={(commune) =>
            setDraft((d) => ({
              ...d,
              communeCode: commune.code,
              postalCode: commune.postalCodes.includes(d.postalCode) ? d.postalCode : (commune.postalCodes[0] ?? d.postalCode),
            }))
          }
        />
        <div className="field-row">
          <TextField
            path="communeCode"
            label="Code commune INSEE"
            hint="5 caractères, par exemple 46102 pour Figeac."
            required
            inputMode="numeric"
            value={draft.communeCode}
            onChange={(v) => set('communeCode', v)}
            error={errorOf('communeCode')}
          />
          <TextField
            path="postalCode"
            label="Code postal"
            inputMode="numeric"
            autoComplete="postal-code"
            value={draft.postalCode}
            onChange={(v) => set('postalCode', v)}
            error={errorOf('postalCode')}
          />
        </div>
      </fieldset>

      <fieldset className="fieldset" aria-describedby={`${fieldId('location')}-aide`}>
        <legend>Position sur la carte (facultatif)</legend>
        <p className="hint" id={`${fieldId('location')}-aide`}>
          Laisser vide : position de la commune (Relais la calcule).
          {initial?.locationSource && initial.locationSource !== 'provided'
            ? ` Position actuelle : ${LOCATION_SOURCE_LABELS[initial.locationSource] ?? initial.locationSource}.`
            : ''}{' '}
          Coordonnées en degrés décimaux, par exemple longitude 2,0317 et latitude 44,6086.
        </p>
        {errorOf('location') ? <p className="field__error">{errorOf('location')}</p> : null}
        <div className="field-row">
          <TextField
            path="location.lon"
            label="Longitude"
            inputMode="decimal"
            value={draft.lon}
            onChange={(v) => set('lon', v)}
            error={errorOf('location.lon')}
          />
          <TextField
            path="location.lat"
            label="Latitude"
            inputMode="decimal"
            value={draft.lat}
            onChange={(v) => set('lat', v)}
            error={errorOf('location.lat')}
          />
        </div>
      </fieldset>

      <fieldset className="fieldset">
        <legend>Accueil</legend>
        <TextField
          path="openingHours"
          label="Horaires"
          hint={
            <>
              Syntaxe OpenStreetMap, par exemple <code>{OPENING_HOURS_EXAMPLE}</code> (Mo lundi, Tu mardi, We mercredi, Th jeudi, Fr
              vendredi, Sa samedi, Su dimanche ; PH jours fériés).
            </>
          }
          spellCheck={false}
          autoComplete="off"
          value={draft.openingHours}
          onChange={(v) => set('openingHours', v)}
          error={errorOf('openingHours')}
        />
        {preview.length > 0 ? (
          <div className="preview" aria-live="polite">
            <p className="preview__title">Ce que liront les visiteurs :</p>
            <OpeningHours lines={preview} />
          </div>
        ) : null}
        <CheckboxField
          path="unconditionalReception"
          label="Accueil inconditionnel"
          hint="Toute personne y est reçue, quelle que soit sa demande."
          checked={draft.unconditionalReception}
          onChange={(v) => set('unconditionalReception', v)}
          error={errorOf('unconditionalReception')}
        />
        <CheckboxField
          path="onPublicMap"
          label="Afficher sur la carte publique"
          hint="La carte publique montre les lieux d’accueil inconditionnel au grand public."
          checked={draft.onPublicMap}
          onChange={(v) => set('onPublicMap', v)}
          error={errorOf('onPublicMap')}
        />
        <TextArea
          path="accessibility"
          label="Accessibilité"
          hint="Accès en fauteuil roulant, stationnement, boucle magnétique, transports…"
          value={draft.accessibility}
          onChange={(v) => set('accessibility', v)}
          error={errorOf('accessibility')}
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

      <ThemePicker values={draft.themes} onChange={(v) => set('themes', v)} error={errorOf('themes', true)} />

      <div className="form-actions">
        <button type="submit" className="button" disabled={busy}>
          {busy ? 'Enregistrement…' : initial ? 'Enregistrer les modifications' : 'Créer le lieu'}
        </button>
        <a className="button button--secondary" href={draft.organisationId ? links.organisation(draft.organisationId) : '#/annuaire'}>
          Annuler
        </a>
      </div>
    </form>
  );
}

function SiteDetails({ record: site, organisationName }: { record: Site; organisationName: string }) {
  const status = openingStatus(site.openNow, site.nextOpening);
  return (
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
};

/** `#/lieux/<id>` (a form for those who may edit it) and `#/lieux/nouveau?structure=<id>`. */
export function SitePage(props: { id?: string; organisationId?: string }) {
  return <DirectoryRecordPage kind={SITE} {...props} />;
}
