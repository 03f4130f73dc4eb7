import { useEffect } from 'react';
import { AppointmentBookChoiceSchema, CreateOrganisationSchema } from '../../../services/directory/domain/directory.schema';
import { type Article, after, guessArticle } from '../../../shared/text/french';
import { useApiQuery } from '../api/queries';
import type { Contact, Organisation } from '../api/types';
import { useAuth } from '../auth/auth-context';
import { canEditOrganisation, isCoordinator } from '../auth/permissions';
import { FormCheckbox, FormRadios, FormSelect, FormText, FormTextArea } from '../components/api-form';
import { setFlash } from '../components/flash';
import { Fieldset, optional, phoneOf } from '../components/form';
import { FormRows } from '../components/form-rows';
import { PageHeading } from '../components/page-heading';
import { RecordForm, useRecordForm } from '../components/record-form';
import { RecordGate } from '../components/record-page';
import { ErrorNotice } from '../components/status';
import { BOOK_OPTIONS, type BookDraft, bookBodyOf, bookDraftOf } from '../directory/appointment-book';
import { RESEAUX_PORTEURS } from '../labels';
import { links, navigate } from '../router';

interface Draft {
  name: string;
  /** The article the name takes; `aucun`: none (« France Travail »). */
  article: string;
  type: string;
  siret: string;
  website: string;
  description: string;
  networkMember: boolean;
  charter: { signed: boolean; signedOn: string; commitments: string[] };
  contacts: Array<{ name: string; role: string; email: string; phone: string }>;
  notification: { email: string; sms: string; webhookUrl: string };
  /** Where its appointments are booked (ADR 0042): offered to the coordination only. */
  appointmentBook: BookDraft;
}

/** The articles a name takes (ADR 0028), as the select offers them. */
const ARTICLE_OPTIONS = [
  ['la', 'la (la CAF du Lot)'],
  ['le', 'le (le CCAS de Cahors)'],
  ['l’', 'l’ (l’UDAF)'],
  ['les', 'les (les Restos du Cœur)'],
  ['aucun', 'aucun (France Travail)'],
] as const;
const articleOfDraft = (value: string): Article => (value === 'aucun' ? '' : (value as Article));
const draftOfArticle = (article: Article): string => (article === '' ? 'aucun' : article);

const KINDS = [...RESEAUX_PORTEURS].sort((a, b) => a[1].localeCompare(b[1], 'fr'));

const LABELS: Readonly<Record<string, string>> = {
  name: 'Nom',
  article: 'Article devant le nom',
  type: 'Type de structure',
  siret: 'SIRET',
  website: 'Site internet',
  description: 'Présentation',
  networkMember: 'Membre du réseau',
  charter: 'Charte',
  'charter.signed': 'Charte',
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
  appointmentBook: 'Prise de rendez-vous',
  'appointmentBook.kind': 'Agenda utilisé',
  'appointmentBook.baseUrl': 'Adresse de l’instance RDV-Service-Public',
  'appointmentBook.organisationRef': 'Identifiant de l’organisation dans RDV-Service-Public',
  'appointmentBook.tokenSecretName': 'Nom du secret qui contient la clé',
  version: 'Version',
};

function draftOf(o: Organisation | undefined, offerBook: boolean): Draft {
  return {
    name: o?.name ?? '',
    // An organisation recorded before the field: the default guessed from its name.
    article: o ? draftOfArticle(o.article ?? guessArticle(o.name)) : '',
    type: o?.type ?? '',
    siret: o?.siret ?? '',
    website: o?.website ?? '',
    description: o?.description ?? '',
    networkMember: o?.networkMember ?? true,
    charter: { signed: !!o?.charter, signedOn: o?.charter?.signedOn ?? '', commitments: o?.charter?.commitments ?? [] },
    contacts: (o?.contacts ?? []).map((c) => ({ name: c.name, role: c.role ?? '', email: c.email ?? '', phone: c.phone ?? '' })),
    notification: {
      email: o?.notification?.email ?? '',
      sms: o?.notification?.sms ?? '',
      webhookUrl: o?.notification?.webhookUrl ?? '',
    },
    appointmentBook: bookDraftOf(o?.appointmentBook, offerBook),
  };
}

/** The body the API expects, without the empty optional values (`editing`: a PATCH, which may clear). */
function bodyOf(d: Draft, editing: boolean): Record<string, unknown> {
  const contacts: Contact[] = d.contacts.map((c) => ({
    name: c.name.trim(),
    role: optional(c.role),
    email: optional(c.email),
    phone: phoneOf(c.phone),
  }));
  const { signed, signedOn, commitments } = d.charter;
  return {
    name: d.name.trim(),
    article: d.article === '' ? guessArticle(d.name) : articleOfDraft(d.article),
    type: d.type,
    siret: optional(d.siret.replace(/\s/g, '')),
    website: optional(d.website),
    description: optional(d.description),
    networkMember: d.networkMember,
    charter: signed ? { signedOn, commitments: commitments.map((c) => c.trim()).filter(Boolean) } : undefined,
    contacts,
    notification: {
      email: optional(d.notification.email),
      sms: phoneOf(d.notification.sms),
      webhookUrl: optional(d.notification.webhookUrl),
    },
    appointmentBook: bookBodyOf(d.appointmentBook, editing),
  };
}
const createBody = (d: Draft) => bodyOf(d, false);
const editBody = (d: Draft) => bodyOf(d, true);

/**
 * The API's create schema, with the one `null` an edit sends: the book cleared, back to Relais'
 * own (the PATCH schema takes it; a creation never sends it).
 */
const OrganisationFormSchema = CreateOrganisationSchema.extend({ appointmentBook: AppointmentBookChoiceSchema.nullable().optional() });

/** What the form sends, where, checked with which of the API's schemas. */
const FORM = { collection: 'organisations', schema: OrganisationFormSchema } as const;

/** A refusal of the book as a whole is shown by its choice. */
const fieldOf = (path: string) => (path === 'appointmentBook' ? 'appointmentBook.kind' : path);

function OrganisationForm({
  initial,
  onSaved,
  offerBook,
}: {
  initial?: Organisation;
  onSaved: (o: Organisation) => void;
  /** The coordination (and admin) chooses the book; a partner's form does not show it. */
  offerBook: boolean;
}) {
  const record = useRecordForm({
    ...FORM,
    toBody: initial ? editBody : createBody,
    fieldOf,
    initial,
    draft: () => draftOf(initial, offerBook),
    onSaved,
  });
  const signed = record.form.watch('charter.signed');
  const bookKind = record.form.watch('appointmentBook.kind');
  const name = record.form.watch('name');
  const article = record.form.watch('article');
  // A new organisation: the article follows the name typed until the person chooses one.
  const { setValue, getFieldState } = record.form;
  useEffect(() => {
    if (initial || getFieldState('article').isDirty) return;
    setValue('article', name.trim() ? draftOfArticle(guessArticle(name)) : '');
  }, [initial, name, setValue, getFieldState]);
  const preview = name.trim()
    ? after('vers', { name: name.trim(), article: article === '' ? guessArticle(name) : articleOfDraft(article) })
    : '';

  return (
    <RecordForm
      record={record}
      labels={LABELS}
      createLabel="Créer la structure"
      cancel={initial ? links.organisation(initial.id) : '#/structures'}
    >
      <Fieldset legend="Identité">
        <FormText name="name" label="Nom" required />
        <FormSelect
          name="article"
          label="Article devant le nom"
          hint={`Pour les messages écrits par Relais${preview ? ` : « orientation ${preview} »` : ''}.`}
          placeholder="Choisissez l’article"
          options={ARTICLE_OPTIONS}
        />
        <FormSelect
          name="type"
          label="Type de structure"
          hint="Liste des réseaux porteurs de data·inclusion."
          required
          placeholder="Choisissez un type"
          options={KINDS}
        />
        <FormText name="siret" label="SIRET" hint="14 chiffres, sans espace." inputMode="numeric" autoComplete="off" />
        <FormText name="website" label="Site internet" hint="Adresse commençant par https://" type="url" />
        <FormTextArea name="description" label="Présentation" />
      </Fieldset>

      <Fieldset legend="Réseau et charte">
        <FormCheckbox name="networkMember" label="Membre du réseau du premier accueil" />
        <FormCheckbox name="charter.signed" label="La structure a signé la charte du premier accueil" />
        {signed ? (
          <>
            <FormText name="charter.signedOn" label="Date de signature" type="date" required />
            <fieldset className="fieldset fieldset--nested">
              <legend>Engagements de la charte</legend>
              <FormRows<string>
                name="charter.commitments"
                empty="Aucun engagement saisi."
                addLabel="Ajouter un engagement"
                removeLabel="Retirer l’engagement"
                blank=""
                firstField=""
              >
                {(index, remove) => (
                  <>
                    <FormText name={`charter.commitments.${index}`} label={`Engagement n° ${index + 1}`} />
                    {remove}
                  </>
                )}
              </FormRows>
            </fieldset>
          </>
        ) : null}
      </Fieldset>

      <Fieldset legend="Contacts" hint="Coordonnées professionnelles seulement ; elles ne sont jamais publiées sur la carte publique.">
        <FormRows<Draft['contacts'][number]>
          name="contacts"
          addLabel="Ajouter un contact"
          removeLabel="Retirer le contact"
          blank={{ name: '', role: '', email: '', phone: '' }}
          firstField=".name"
        >
          {(index, remove) => (
            <fieldset className="row__fieldset">
              <legend>Contact n° {index + 1}</legend>
              <div className="row__fields">
                <FormText name={`contacts.${index}.name`} label="Nom" required />
                <FormText name={`contacts.${index}.role`} label="Fonction" />
                <FormText name={`contacts.${index}.email`} label="Courriel" type="email" />
                <FormText
                  name={`contacts.${index}.phone`}
                  label="Téléphone"
                  hint="Par exemple 05 65 12 34 56 ou +33 5 65 12 34 56"
                  type="tel"
                />
              </div>
              {remove}
            </fieldset>
          )}
        </FormRows>
      </Fieldset>

      <Fieldset
        legend="Notifications des orientations"
        hint="Comment prévenir la structure quand une personne lui est orientée. Laissez vide ce qui ne sert pas."
      >
        <FormText name="notification.email" label="Courriel" type="email" />
        <FormText name="notification.sms" label="Numéro pour les SMS" hint="Par exemple 06 12 34 56 78 ou +33 6 12 34 56 78." type="tel" />
        <FormText
          name="notification.webhookUrl"
          label="Adresse du webhook"
          hint="Adresse https:// de votre système ; chaque envoi est signé avec le secret de la structure."
          type="url"
        />
      </Fieldset>

      {offerBook ? (
        <Fieldset
          legend="Prise de rendez-vous"
          hint="Où sont pris les rendez-vous chez cette structure : dans l’agenda de Relais, où ses lieux publient leurs disponibilités, ou dans son agenda RDV-Service-Public (RDV-Solidarités, RDV-Insertion…), où Relais lit les créneaux libres et réserve. Seule la coordination du réseau fait ce choix."
        >
          <FormRadios
            name="appointmentBook.kind"
            legend="Agenda utilisé"
            options={BOOK_OPTIONS}
            focusChosen
            className="fieldset fieldset--nested inline-radios"
          />
          {bookKind === 'rdv-service-public' ? (
            <>
              <FormText
                name="appointmentBook.baseUrl"
                label="Adresse de l’instance RDV-Service-Public"
                hint="L’adresse du site, sans chemin : par exemple https://www.rdv-solidarites.fr"
                type="url"
                autoComplete="off"
                required
              />
              <FormText
                name="appointmentBook.organisationRef"
                label="Identifiant de l’organisation dans RDV-Service-Public"
                hint="Son identifiant dans cette instance (lettres, chiffres, - ou _), par exemple 1090."
                autoComplete="off"
                required
              />
              <FormText
                name="appointmentBook.tokenSecretName"
                label="Nom du secret qui contient la clé"
                hint="La clé d’accès n’est jamais saisie ici : l’équipe d’exploitation l’enregistre dans le gestionnaire de secrets sous ce nom (minuscules, chiffres et tirets, par exemple caf-du-lot)."
                autoComplete="off"
                required
              />
            </>
          ) : null}
        </Fieldset>
      ) : null}
    </RecordForm>
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
          <OrganisationForm onSaved={done} offerBook />
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
          <OrganisationForm initial={o} onSaved={done} offerBook={isCoordinator(me)} />
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
