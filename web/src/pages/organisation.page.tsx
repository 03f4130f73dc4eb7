import { useId, useState } from 'react';
import { query } from '../api/http';
import { useApiMutation, useApiQuery } from '../api/queries';
import type { Organisation, Page, Service } from '../api/types';
import { useAuth } from '../auth/auth-context';
import { canEditOrganisation } from '../auth/permissions';
import { readFlash } from '../components/flash';
import { Fact, Facts, RecordGate, RecordPage, RecordSection, recordWords } from '../components/record-page';
import { ErrorNotice, Loading, SuccessNotice, UnconditionalBadge } from '../components/status';
import { ThemeList } from '../components/theme-list';
import { bookLabelOf } from '../directory/appointment-book';
import { useDirectory } from '../directory/directory-data';
import { formatDate, formatPhone, labelIn, organisationKindLabel, SERVICE_TYPES } from '../labels';
import { links } from '../router';

function WebhookSecret({ organisation }: { organisation: Organisation }) {
  const [copied, setCopied] = useState('');
  const generating = useApiMutation(
    (api, _: undefined) => api.post<{ secret: string }>(`/api/organisations/${organisation.id}/webhook-secret`, {}),
    { invalidates: () => [['organisations', organisation.id]], focusOnProblem: false },
  );
  const { busy, error } = generating;
  const secret = generating.result?.secret ?? null;
  const secretId = useId();

  const generate = () => {
    if (
      organisation.webhookSecretSet &&
      !window.confirm('Un secret existe déjà. Le remplacer ? Les signatures faites avec l’ancien secret ne seront plus reconnues.')
    )
      return;
    setCopied('');
    generating.run();
  };

  const copy = async () => {
    if (!secret) return;
    try {
      await navigator.clipboard.writeText(secret);
      setCopied('Secret copié dans le presse-papiers.');
    } catch {
      setCopied('La copie automatique n’est pas possible ici : sélectionnez le secret et copiez-le.');
    }
  };

  return (
    <div className="webhook-secret">
      <p>
        Secret de signature des notifications :{' '}
        <strong>{organisation.webhookSecretSet || secret ? 'défini' : 'aucun secret pour le moment'}</strong>.
      </p>
      {error ? <ErrorNotice>{error}</ErrorNotice> : null}
      {secret ? (
        <div className="notice notice--warning" data-testid="webhook-secret">
          <p>
            <strong>Copiez ce secret maintenant : il ne sera plus jamais affiché.</strong> Il permet à votre système de vérifier que les
            notifications viennent bien de Relais (en-tête <code>X-Relais-Signature</code>). Ne l’envoyez pas par courriel.
          </p>
          <label htmlFor={secretId}>Nouveau secret de signature</label>
          <div className="secret-box">
            <input id={secretId} type="text" readOnly value={secret} className="secret-box__value" onFocus={(e) => e.target.select()} />
            <button type="button" className="button button--secondary" onClick={copy}>
              Copier le secret
            </button>
          </div>
          <p role="status">{copied}</p>
        </div>
      ) : null}
      <button type="button" className="button button--secondary" onClick={generate} disabled={busy} data-testid="edit-action">
        {busy ? 'Génération…' : 'Générer un nouveau secret de signature'}
      </button>
    </div>
  );
}

const ORGANISATION_WORDS = recordWords('Structure', 'Chargement de la structure…', 'Structure introuvable');

export function OrganisationPage({ id }: { id: string }) {
  const { state } = useAuth();
  const me = state.status === 'signed-in' ? state.me : null;
  const { state: organisation, reload } = useApiQuery<Organisation>(`/api/organisations/${id}`);
  const { state: services } = useApiQuery<Page<Service>>(`/api/services${query({ organisationId: id, limit: 200 })}`);
  const { data } = useDirectory();
  const [flash] = useState(readFlash);
  const editable = canEditOrganisation(me, id);

  const render = (o: Organisation) => {
    const sites = data.status === 'ready' ? data.sites.filter((site) => site.organisationId === id) : [];
    const siteName = (siteId?: string) => (siteId ? sites.find((s) => s.id === siteId)?.name : undefined);
    const contacts = o.contacts ?? [];

    return (
      <RecordPage
        trail={[{ label: 'Structures', href: '#/structures' }, { label: o.name }]}
        title={o.name}
        notices={flash ? <SuccessNotice>{flash}</SuccessNotice> : null}
        status={
          <>
            <span className="badge badge--info">{organisationKindLabel(o.type)}</span>{' '}
            {o.networkMember ? (
              <span className="badge badge--success">Membre du réseau</span>
            ) : (
              <span className="badge badge--neutral">Hors réseau</span>
            )}
          </>
        }
        actions={
          editable ? (
            <p>
              <a className="button" href={links.editOrganisation(o.id)} data-testid="edit-action">
                Modifier la structure
              </a>
            </p>
          ) : (
            <p className="muted" data-testid="read-only">
              Vous consultez cette fiche en lecture seule.
            </p>
          )
        }
      >
        <Facts>
          <Fact label="SIRET">{o.siret ?? 'Non renseigné'}</Fact>
          {o.website ? (
            <Fact label="Site internet">
              <a href={o.website}>{o.website}</a>
            </Fact>
          ) : null}
          {o.description ? <Fact label="Présentation">{o.description}</Fact> : null}
          <Fact label="Prise de rendez-vous">
            <span data-testid="appointment-book">{bookLabelOf(o.appointmentBook)}</span>
          </Fact>
        </Facts>

        <RecordSection title="Charte du premier accueil">
          {o.charter ? (
            <>
              <p>
                Signée le <strong>{formatDate(o.charter.signedOn)}</strong>.
              </p>
              {o.charter.commitments.length > 0 ? (
                <>
                  <p>Engagements :</p>
                  <ol className="commitments">
                    {o.charter.commitments.map((commitment) => (
                      <li key={commitment}>{commitment}</li>
                    ))}
                  </ol>
                </>
              ) : null}
            </>
          ) : (
            <p>La structure n’a pas encore signé la charte.</p>
          )}
        </RecordSection>

        <RecordSection title="Contacts">
          {contacts.length === 0 ? (
            <p>Aucun contact renseigné.</p>
          ) : (
            <ul className="contact-cards">
              {contacts.map((contact, index) => (
                <li key={`${contact.name}-${index}`} className="contact-card">
                  <p className="contact-card__name">{contact.name}</p>
                  {contact.role ? <p>{contact.role}</p> : null}
                  {contact.email ? (
                    <p>
                      <a href={`mailto:${contact.email}`}>{contact.email}</a>
                    </p>
                  ) : null}
                  {contact.phone ? (
                    <p>
                      <a href={`tel:${contact.phone}`}>{formatPhone(contact.phone)}</a>
                    </p>
                  ) : null}
                </li>
              ))}
            </ul>
          )}
        </RecordSection>

        {editable ? (
          <RecordSection title="Notifications des orientations">
            <p>Quand une personne est orientée vers la structure, Relais prévient :</p>
            <ul>
              <li>par courriel : {o.notification?.email ?? 'non'}</li>
              <li>par SMS : {o.notification?.sms ? formatPhone(o.notification.sms) : 'non'}</li>
              <li>par webhook : {o.notification?.webhookUrl ? <code>{o.notification.webhookUrl}</code> : 'non'}</li>
            </ul>
            <WebhookSecret organisation={o} />
          </RecordSection>
        ) : null}

        <RecordSection title={`Lieux d’accueil (${sites.length})`}>
          {editable ? (
            <p>
              <a className="button button--secondary" href={links.newSite(o.id)} data-testid="edit-action">
                Ajouter un lieu
              </a>
            </p>
          ) : null}
          {data.status === 'loading' ? <Loading>Chargement des lieux…</Loading> : null}
          {sites.length === 0 && data.status === 'ready' ? <p>Aucun lieu d’accueil.</p> : null}
          <ul className="record-list">
            {sites.map((site) => (
              <li key={site.id}>
                <a href={links.site(site.id)}>{site.name}</a> — {site.address} {site.unconditionalReception ? <UnconditionalBadge /> : null}
                {site.onPublicMap === false ? <span className="badge badge--neutral">Hors carte publique</span> : null}
              </li>
            ))}
          </ul>
        </RecordSection>

        <RecordSection title={`Services${services.status === 'ready' ? ` (${services.value.items.length})` : ''}`}>
          {editable ? (
            <p>
              <a className="button button--secondary" href={links.newService(o.id)} data-testid="edit-action">
                Ajouter un service
              </a>
            </p>
          ) : null}
          {services.status === 'loading' ? <Loading>Chargement des services…</Loading> : null}
          {services.status === 'failed' ? <ErrorNotice>Les services n’ont pas pu être chargés : {services.message}</ErrorNotice> : null}
          {services.status === 'ready' ? (
            services.value.items.length === 0 ? (
              <p>Aucun service décrit.</p>
            ) : (
              <ul className="record-list">
                {services.value.items.map((service) => (
                  <li key={service.id}>
                    <a href={links.service(service.id)}>{service.name}</a>
                    {service.type ? ` — ${labelIn(SERVICE_TYPES, service.type)}` : ''}
                    {siteName(service.siteId) ? ` — ${siteName(service.siteId)}` : ''}
                    <ThemeList themes={service.themes} />
                  </li>
                ))}
              </ul>
            )
          ) : null}
        </RecordSection>
      </RecordPage>
    );
  };
  return (
    <RecordGate
      state={organisation}
      {...ORGANISATION_WORDS}
      back={<a href="#/structures">Retour à la liste des structures</a>}
      onRetry={reload}
    >
      {render}
    </RecordGate>
  );
}
