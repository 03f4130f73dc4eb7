import { type FormEvent, useMemo, useState } from 'react';
import { useApiQuery, useSaveRecord } from '../api/queries';
import type { Contact, Organisation } from '../api/types';
import { useAuth } from '../auth/auth-context';
import { canEditOrganisation, isCoordinator } from '../auth/permissions';
import { setFlash } from '../components/flash';
import { CheckboxField, fieldId, optional, ProblemSummary, SelectField, TextArea, TextField } from '../components/form';
import { PageHeading } from '../components/page-heading';
import { RecordGate } from '../components/record-page';
import { ErrorNotice } from '../components/status';
import { RESEAUX_PORTEURS } from '../labels';
import { links, navigate } from '../router';

interface Draft {
  name: string;
  type: string;
  siret: string;
  website: string;
  description: string;
  networkMember: boolean;
  charterSigned: boolean;
  signedOn: string;
  commitments: string[];
  contacts: Array<{ name: string; role: string; email: string; phone: string }>;
  email: string;
  sms: string;
  webhookUrl: string;
}

const KINDS = [...RESEAUX_PORTEURS].sort((a, b) => a[1].localeCompare(b[1], 'fr'));

const LABELS: Readonly<Record<string, string>> = {
  name: 'Nom',
  type: 'Type de structure',
  siret: 'SIRET',
  website: 'Site internet',
  description: 'Présentation',
  networkMember: 'Membre du réseau',
  charter: 'Charte',
  'charter.signedOn': 'Date de signature de la charte',
  'charter.commitments': 'Engagements',
  'charter.commitments.*': 'Engagement',
  contacts: 'Contacts',
  'contacts.*.name': 'Nom du contact',
  'contacts.*.role': 'Fonction du contact',
  'contacts.*.email': 'Courriel du contact',
  'contacts.*.phone': 'Téléphone du contact',
  notification: 'Notifications',
  'notification.email': 'Courriel de notification',
  'notification.sms': 'Numéro pour les SMS',
  'notification.webhookUrl': 'Adresse du webhook',
  version: 'Version',
};

function draftOf(o?: Organisation): Draft {
  return {
    name: o?.name ?? '',
    type: o?.type ?? '',
    siret: o?.siret ?? '',
    website: o?.website ?? '',
    description: o?.description ?? '',
    networkMember: o?.networkMember ?? true,
    charterSigned: !!o?.charter,
    signedOn: o?.charter?.signedOn ?? '',
    commitments: o?.charter?.commitments ?? [],
    contacts: (o?.contacts ?? []).map((c) => ({ name: c.name, role: c.role ?? '', email: c.email ?? '', phone: c.phone ?? '' })),
    email: o?.notification?.email ?? '',
    sms: o?.notification?.sms ?? '',
    webhookUrl: o?.notification?.webhookUrl ?? '',
  };
}

/** The body the API expects, without the empty optional values. */
function bodyOf(d: Draft): Record<string, unknown> {
  const contacts: Contact[] = d.contacts.map((c) => ({
    name: c.name.trim(),
    role: optional(c.role),
    email: optional(c.email),
    phone: optional(c.phone.replace(/[\s.]/g, '')),
  }));
  return {
    name: d.name.trim(),
    type: d.type,
    siret: optional(d.siret.replace(/\s/g, '')),
    website: optional(d.website),
    description: optional(d.description),
    networkMember: d.networkMember,
    charter: d.charterSigned ? { signedOn: d.signedOn, commitments: d.commitments.map((c) => c.trim()).filter(Boolean) } : undefined,
    contacts,
    notification: { email: optional(d.email), sms: optional(d.sms.replace(/[\s.]/g, '')), webhookUrl: optional(d.webhookUrl) },
  };
}

function OrganisationForm({ initial, onSaved }: { initial?: Organisation; onSaved: (o: Organisation) => void }) {
  const [draft, setDraft] = useState<Draft>(() => draftOf(initial));
  const original = useMemo(() => bodyOf(draftOf(initial)), [initial]);
  const { run, busy, problem, errorOf } = useSaveRecord('organisations', { initial, original, onSaved });
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }));
  const setContact = (index: number, key: keyof Draft['contacts'][number], value: string) =>
    setDraft((d) => ({ ...d, contacts: d.contacts.map((c, i) => (i === index ? { ...c, [key]: value } : c)) }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    run(bodyOf(draft));
  };

  return (
    <form className="record-form" onSubmit={submit} noValidate>
      <ProblemSummary problem={problem} labels={LABELS} onReload={() => window.location.reload()} />
      <p className="hint">Les champs marqués « obligatoire » doivent être remplis.</p>

      <fieldset className="fieldset">
        <legend>Identité</legend>
        <TextField path="name" label="Nom" required value={draft.name} onChange={(v) => set('name', v)} error={errorOf('name')} />
        <SelectField
          path="type"
          label="Type de structure"
          hint="Liste des réseaux porteurs de data·inclusion."
          required
          placeholder="Choisissez un type"
          options={KINDS}
          value={draft.type}
          onChange={(v) => set('type', v)}
          error={errorOf('type')}
        />
        <TextField
          path="siret"
          label="SIRET"
          hint="14 chiffres, sans espace."
          inputMode="numeric"
          autoComplete="off"
          value={draft.siret}
          onChange={(v) => set('siret', v)}
          error={errorOf('siret')}
        />
        <TextField
          path="website"
          label="Site internet"
          hint="Adresse commençant par https://"
          type="url"
          value={draft.website}
          onChange={(v) => set('website', v)}
          error={errorOf('website')}
        />
        <TextArea
          path="description"
          label="Présentation"
          value={draft.description}
          onChange={(v) => set('description', v)}
          error={errorOf('description')}
        />
      </fieldset>

      <fieldset className="fieldset">
        <legend>Réseau et charte</legend>
        <CheckboxField
          path="networkMember"
          label="Membre du réseau du premier accueil"
          checked={draft.networkMember}
          onChange={(v) => set('networkMember', v)}
          error={errorOf('networkMember')}
        />
        <CheckboxField
          path="charter"
          label="La structure a signé la charte du premier accueil"
          checked={draft.charterSigned}
          onChange={(v) => set('charterSigned', v)}
          error={errorOf('charter')}
        />
        {draft.charterSigned ? (
          <>
            <TextField
              path="charter.signedOn"
              label="Date de signature"
              type="date"
              required
              value={draft.signedOn}
              onChange={(v) => set('signedOn', v)}
              error={errorOf('charter.signedOn')}
            />
            <fieldset className="fieldset fieldset--nested">
              <legend>Engagements de la charte</legend>
              {errorOf('charter.commitments') ? <p className="field__error">{errorOf('charter.commitments')}</p> : null}
              {draft.commitments.length === 0 ? <p className="hint">Aucun engagement saisi.</p> : null}
              <ol className="rows">
                {draft.commitments.map((commitment, index) => (
                  <li key={index} className="row">
                    <TextField
                      path={`charter.commitments.${index}`}
                      label={`Engagement n° ${index + 1}`}
                      value={commitment}
                      onChange={(v) =>
                        set(
                          'commitments',
                          draft.commitments.map((c, i) => (i === index ? v : c)),
                        )
                      }
                      error={errorOf(`charter.commitments.${index}`)}
                    />
                    <button
                      type="button"
                      className="button button--tertiary"
                      onClick={() =>
                        set(
                          'commitments',
                          draft.commitments.filter((_, i) => i !== index),
                        )
                      }
                    >
                      Retirer l’engagement n° {index + 1}
                    </button>
                  </li>
                ))}
              </ol>
              <button
                type="button"
                className="button button--secondary"
                onClick={() => {
                  set('commitments', [...draft.commitments, '']);
                  window.requestAnimationFrame(() =>
                    document.getElementById(fieldId(`charter.commitments.${draft.commitments.length}`))?.focus(),
                  );
                }}
              >
                Ajouter un engagement
              </button>
            </fieldset>
          </>
        ) : null}
      </fieldset>

      <fieldset className="fieldset">
        <legend>Contacts</legend>
        <p className="hint">Coordonnées professionnelles seulement ; elles ne sont jamais publiées sur la carte publique.</p>
        {errorOf('contacts') ? <p className="field__error">{errorOf('contacts')}</p> : null}
        <ol className="rows">
          {draft.contacts.map((contact, index) => (
            <li key={index} className="row">
              <fieldset className="row__fieldset">
                <legend>Contact n° {index + 1}</legend>
                <div className="row__fields">
                  <TextField
                    path={`contacts.${index}.name`}
                    label="Nom"
                    required
                    value={contact.name}
                    onChange={(v) => setContact(index, 'name', v)}
                    error={errorOf(`contacts.${index}.name`)}
                  />
                  <TextField
                    path={`contacts.${index}.role`}
                    label="Fonction"
                    value={contact.role}
                    onChange={(v) => setContact(index, 'role', v)}
                    error={errorOf(`contacts.${index}.role`)}
                  />
                  <TextField
                    path={`contacts.${index}.email`}
                    label="Courriel"
                    type="email"
                    value={contact.email}
                    onChange={(v) => setContact(index, 'email', v)}
                    error={errorOf(`contacts.${index}.email`)}
                  />
                  <TextField
                    path={`contacts.${index}.phone`}
                    label="Téléphone"
                    hint="Format international : +33565000000"
                    type="tel"
                    value={contact.phone}
                    onChange={(v) => setContact(index, 'phone', v)}
                    error={errorOf(`contacts.${index}.phone`)}
                  />
                </div>
                <button
                  type="button"
                  className="button button--tertiary"
                  onClick={() =>
                    set(
                      'contacts',
                      draft.contacts.filter((_, i) => i !== index),
                    )
                  }
                >
                  Retirer le contact n° {index + 1}
                </button>
              </fieldset>
            </li>
          ))}
        </ol>
        <button
          type="button"
          className="button button--secondary"
          onClick={() => {
            set('contacts', [...draft.contacts, { name: '', role: '', email: '', phone: '' }]);
            window.requestAnimationFrame(() => document.getElementById(fieldId(`contacts.${draft.contacts.length}.name`))?.focus());
          }}
        >
          Ajouter un contact
        </button>
      </fieldset>

      <fieldset className="fieldset">
        <legend>Notifications des orientations</legend>
        <p className="hint">Comment prévenir la structure quand une personne lui est orientée. Laissez vide ce qui ne sert pas.</p>
        <TextField
          path="notification.email"
          label="Courriel"
          type="email"
          value={draft.email}
          onChange={(v) => set('email', v)}
          error={errorOf('notification.email')}
        />
        <TextField
          path="notification.sms"
          label="Numéro pour les SMS"
          hint="Format international, par exemple +33612345678."
          type="tel"
          value={draft.sms}
          onChange={(v) => set('sms', v)}
          error={errorOf('notification.sms')}
        />
        <TextField
          path="notification.webhookUrl"
          label="Adresse du webhook"
          hint="Adresse https:// de votre système ; chaque envoi est signé avec le secret de la structure."
          type="url"
          value={draft.webhookUrl}
          onChange={(v) => set('webhookUrl', v)}
          error={errorOf('notification.webhookUrl')}
        />
      </fieldset>

      <div className="form-actions">
        <button type="submit" className="button" disabled={busy}>
          {busy ? 'Enregistrement…' : initial ? 'Enregistrer les modifications' : 'Créer la structure'}
        </button>
        <a className="button button--secondary" href={initial ? links.organisation(initial.id) : '#/structures'}>
          Annuler
        </a>
      </div>
    </form>
  );
}

export function OrganisationFormPage({ id }: { id?: string }) {
  const { state } = useAuth();
  const me = state.status === 'signed-in' ? state.me : null;
  const { state: organisation, reload } = useApiQuery<Organisation>(id ? `/api/organisations/${id}` : null);

  const done = (saved: Organisation) => {
    const href = links.organisation(saved.id);
    setFlash(href, id ? 'Les modifications ont été enregistrées.' : 'La structure a été créée.');
    navigate(href as `#/${string}`);
  };

  if (!id) {
    return (
      <>
        <PageHeading title="Nouvelle structure" />
        {isCoordinator(me) ? (
          <OrganisationForm onSaved={done} />
        ) : (
          <ErrorNotice>Seule la coordination du réseau peut ajouter une structure.</ErrorNotice>
        )}
      </>
    );
  }
  const render = (o: Organisation) => {
    return (
      <>
        <p className="breadcrumb">
          <a href="#/structures">Structures</a> › <a href={links.organisation(o.id)}>{o.name}</a> › Modifier
        </p>
        <PageHeading title={`Modifier : ${o.name}`} />
        {canEditOrganisation(me, o.id) ? (
          <OrganisationForm initial={o} onSaved={done} />
        ) : (
          <ErrorNotice>
            Vous ne pouvez pas modifier cette structure : seuls ses membres et la coordination du réseau le peuvent.
          </ErrorNotice>
        )}
      </>
    );
  };
  return (
    <RecordGate
      state={organisation}
      title="Modifier la structure"
      loading="Chargement de la structure…"
      missing="Structure introuvable"
      onRetry={reload}
    >
      {render}
    </RecordGate>
  );
}
