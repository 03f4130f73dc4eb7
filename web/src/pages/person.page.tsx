/**
 * `#/personnes/<id>`: a person's record — identity, consents (who recorded them, when, how; the
 * person may change them), the history of their steps in the network, the professionals
 * involved. Without the person's sharing consent another organisation sees only who to contact
 * (DOMAIN rule 2). Each opening is an audited read (rule 5), its purpose set by the server.
 */
import { type FormEvent, useId, useState } from 'react';
import { ApiError } from '../api/http';
import { useApiMutation, useApiQuery } from '../api/queries';
import type { Consent, ConsentMethod, Person, PersonHistory, PersonParcours, Reception, ReferralSummary } from '../api/types';
import { useAuth } from '../auth/auth-context';
import { CommuneName } from '../components/commune-combobox';
import { readFlash } from '../components/flash';
import { CheckboxField, ProblemSummary, TextField } from '../components/form';
import {
  EditInPlace,
  Fact,
  Facts,
  type HistoryEntry,
  HistorySection,
  RecordGate,
  RecordPage,
  RecordSection,
  recordWords,
} from '../components/record-page';
import { SuccessNotice } from '../components/status';
import { useDirectory } from '../directory/directory-data';
import { DataTable } from '../components/data-table';
import { ExceptionalAccessForm } from '../intake/exceptional-access';
import { InvitationPanel } from '../intake/invitation-panel';
import { PersonEditForm } from '../intake/person-edit-form';
import { ReceptionCorrections } from '../intake/reception-edit-form';
import {
  ageRangeLabel,
  CONSENT_METHODS,
  channelLabel,
  consentMethodLabel,
  formatDate,
  formatDateTime,
  formatDay,
  formatPhone,
  personName,
  REFERRAL_STATUS_BADGE,
  referralStatusLabel,
  roleLabel,
  themeLabel,
} from '../labels';
import { links } from '../router';

function ConsentLine({ title, consent, organisationName }: { title: string; consent: Consent; organisationName: (id: string) => string }) {
  const org = consent.recordedBy.organisationId ? ` (${organisationName(consent.recordedBy.organisationId)})` : '';
  return (
    <Fact label={title} testId="consent">
      <strong>{consent.given ? 'Oui, elle est d’accord' : 'Non'}</strong>
      <span className="consent__how">
        Recueilli {consentMethodLabel(consent.method).toLocaleLowerCase('fr')}
        {consent.reference ? ` (réf. ${consent.reference})` : ''} le {formatDateTime(consent.recordedAt)}, par {consent.recordedBy.name}
        {org}.
      </span>
    </Fact>
  );
}

/** The written consent's reference, where it is filed. */
const CONSENT_REFERENCE = {
  path: 'networkSharing.reference',
  label: 'Référence du document signé',
  hint: 'Numéro ou lieu de classement de l’accord écrit (par exemple : classeur 2026, fiche 12).',
};

function ConsentsForm({ person, onSaved, onCancel }: { person: Person; onSaved: (p: Person) => void; onCancel: () => void }) {
  const [sharing, setSharing] = useState(person.consents.networkSharing.given);
  const [sms, setSms] = useState(person.consents.smsSurveys.given);
  const [method, setMethod] = useState<ConsentMethod>('oral');
  const [reference, setReference] = useState('');
  const [note, setNote] = useState<string | null>(null);
  const { run, busy, problem, errorOf, fail, clear } = useApiMutation(
    (api, body: Record<string, unknown>) => api.patch<Person>(`/api/persons/${person.id}/consents`, body),
    { onSuccess: onSaved, focusOnProblem: '[data-testid="consents-form"]' },
  );
  const uid = useId();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    clear();
    setNote(null);
    const body: Record<string, unknown> = { version: person.version };
    const written = method === 'written' ? { reference: reference.trim() } : {};
    if (sharing !== person.consents.networkSharing.given) body.networkSharing = { given: sharing, method, ...written };
    if (sms !== person.consents.smsSurveys.given) body.smsSurveys = { given: sms, method, ...written };
    if (!body.networkSharing && !body.smsSurveys) {
      setNote('Rien n’a changé : cochez ou décochez un accord, selon ce que la personne vous dit.');
      return;
    }
    if (sms && !person.phone) {
      fail(
        new ApiError(400, 'Le formulaire contient des erreurs.', [
          { path: 'body.smsSurveys.given', message: 'Il faut un numéro de téléphone pour les enquêtes par SMS.' },
        ]),
      );
      return;
    }
    run(body);
  };

  return (
    <form className="record-form" onSubmit={submit} noValidate data-testid="consents-form">
      <ProblemSummary
        problem={problem}
        labels={{ networkSharing: 'Partage', smsSurveys: 'Enquêtes par SMS', version: 'Version', reference: 'Référence du document signé' }}
        onReload={() => window.location.reload()}
      />
      {note ? (
        <p className="notice notice--info" role="status">
          {note}
        </p>
      ) : null}
      <p className="hint">Enregistrez ce que la personne vous dit aujourd’hui ; l’accord précédent reste tracé.</p>
      <CheckboxField
        path="networkSharing.given"
        label="Elle accepte que son historique soit partagé avec les professionnels du réseau"
        checked={sharing}
        onChange={setSharing}
        error={errorOf('networkSharing', true)}
      />
      <CheckboxField
        path="smsSurveys.given"
        label="Elle accepte de recevoir des enquêtes de satisfaction par SMS"
        hint={person.phone ? undefined : 'Aucun numéro de téléphone n’est enregistré.'}
        checked={sms}
        onChange={setSms}
        error={errorOf('smsSurveys', true)}
      />
      <fieldset className="inline-radios">
        <legend>Elle a répondu</legend>
        {CONSENT_METHODS.map(([value, label]) => (
          <div className="field field--checkbox" key={value}>
            <input
              type="radio"
              id={`${uid}-${value}`}
              name={`${uid}-methode`}
              checked={method === value}
              onChange={() => setMethod(value)}
            />
            <label htmlFor={`${uid}-${value}`}>{label.toLocaleLowerCase('fr')}</label>
          </div>
        ))}
      </fieldset>
      {method === 'written' ? (
        <TextField
          {...CONSENT_REFERENCE}
          {...{ value: reference, onChange: setReference, required: true }}
          error={errorOf('networkSharing.reference') ?? errorOf('smsSurveys.reference')}
        />
      ) : null}
      <div className="form-actions">
        <button type="submit" className="button" disabled={busy}>
          {busy ? 'Enregistrement…' : 'Enregistrer ses accords'}
        </button>
        <button type="button" className="button button--tertiary" onClick={onCancel}>
          Annuler
        </button>
      </div>
    </form>
  );
}

type Step =
  | { kind: 'reception'; at: string; reception: Reception }
  | { kind: 'referral'; at: string; referral: ReferralSummary }
  | { kind: 'parcours'; at: string; parcours: PersonParcours };

function stepsOf(receptions: Reception[], referrals: ReferralSummary[], parcours: PersonParcours[]): Step[] {
  const steps: Step[] = [
    ...receptions.map((reception) => ({ kind: 'reception' as const, at: reception.receivedAt, reception })),
    ...referrals.map((referral) => ({ kind: 'referral' as const, at: referral.sentAt, referral })),
    ...parcours.map((p) => ({ kind: 'parcours' as const, at: p.openedAt ?? '', parcours: p })),
  ];
  return steps.sort((a, b) => b.at.localeCompare(a.at));
}

/** Her steps as the history of the record: receptions, referrals, parcours, most recent first. */
function historyOf(
  steps: Step[],
  siteName: (id: string) => string | undefined,
  organisationName: (id: string) => string,
  corrections?: { ownOrganisationId: string | null; onChanged: (r: Reception, what: string) => void },
): HistoryEntry[] {
  return steps.map((step): HistoryEntry => {
    if (step.kind === 'reception') {
      const r = step.reception;
      const site = siteName(r.siteId);
      return {
        key: `a-${r.id}`,
        kind: 'reception',
        at: r.receivedAt,
        what: (
          <>
            <strong>Accueil</strong> ({channelLabel(r.channel).toLocaleLowerCase('fr')}) — {organisationName(r.organisationId)}
            {site ? `, ${site}` : ''}
            {r.status === 'cancelled' ? (
              <>
                {' '}
                <span className="badge badge--neutral" data-testid="reception-cancelled">
                  Annulé
                </span>
              </>
            ) : null}
          </>
        ),
        details: (
          <>
            <p>Demande : {r.themes.map(themeLabel).join(', ')}</p>
            {r.summary ? <p>Résumé : {r.summary}</p> : null}
            {r.informationGiven ? <p>Information donnée : {r.informationGiven}</p> : null}
            <p className="muted">
              Par {r.recordedBy.name}
              {r.durationMinutes ? ` · ${r.durationMinutes} min` : ''}
              {r.anonymous?.ageRange ? ` · ${ageRangeLabel(r.anonymous.ageRange)}` : ''}
            </p>
            {(r.history ?? []).map((step) => (
              <p className="muted" key={`${step.action}-${step.at}`}>
                {step.action === 'cancelled' ? 'Annulé' : 'Corrigé'} le {formatDateTime(step.at)} par {step.by.name} : {step.reason}
              </p>
            ))}
            {corrections && r.status !== 'cancelled' && corrections.ownOrganisationId === r.organisationId ? (
              <ReceptionCorrections reception={r} onChanged={corrections.onChanged} />
            ) : null}
          </>
        ),
      };
    }
    if (step.kind === 'referral') {
      const o = step.referral;
      return {
        key: `o-${o.id}`,
        kind: 'referral',
        at: o.sentAt,
        what: (
          <>
            <strong>Orientation</strong> de {o.fromOrganisationName} vers {o.toOrganisationName}{' '}
            <span className={`badge ${REFERRAL_STATUS_BADGE[o.status]}`}>{referralStatusLabel(o.status)}</span>
          </>
        ),
        details: (
          <>
            <p>
              {o.reason} ({o.themes.map(themeLabel).join(', ')})
            </p>
            <p>
              <a href={links.referral(o.id)}>Voir l’orientation et son suivi</a>
            </p>
          </>
        ),
      };
    }
    const p = step.parcours;
    return {
      key: `p-${p.parcoursId}`,
      kind: 'parcours',
      // A parcours not opened yet keeps its place, without a date.
      when: step.at ? undefined : '',
      at: step.at || undefined,
      what: (
        <>
          <strong>Parcours d’accompagnement</strong> ({p.status === 'closed' ? 'clôturé' : 'en cours'})
          {p.referentOrganisationName ? `, référent : ${p.referentOrganisationName}` : ''}
        </>
      ),
      details: (
        <>
          {p.members.length ? <p>Membres : {p.members.map((m) => `${m.role} (${m.organisationName})`).join(', ')}</p> : null}
          <p>
            <a href={links.parcours(p.parcoursId)}>Voir le parcours (membres seulement)</a>
          </p>
        </>
      ),
    };
  });
}

const PERSONS = { label: 'Personnes', href: '#/personnes' };

const PERSON_WORDS = recordWords('Personne', 'Chargement de la fiche…', 'Personne introuvable', 'Fiche non accessible');

export function PersonPage({ id }: { id: string }) {
  const { state: history, reload, replace } = useApiQuery<PersonHistory>(`/api/persons/${id}/history`);
  const { data } = useDirectory();
  const { state: auth } = useAuth();
  const isSocialWorker = auth.status === 'signed-in' && auth.me.roles.includes('travailleur_social');
  const [flash, setFlash] = useState(readFlash);
  const consentsHeading = useId();
  const identityHeading = useId();
  const organisationName = (orgId: string) => (data.status === 'ready' ? data.organisationName(orgId) : '');
  const siteName = (siteId: string) => (data.status === 'ready' ? data.sites.find((s) => s.id === siteId)?.name : undefined);

  const render = (h: PersonHistory) => {
    if (h.restricted) {
      return (
        <RecordPage
          trail={[PERSONS, { label: 'Personne enregistrée' }]}
          title="Personne enregistrée"
          notices={
            <div className="notice notice--warning" data-testid="restricted">
              <p>
                Cette personne a été reçue par <strong>{h.recordedBy.organisationName}</strong>. Sans son accord de partage, son historique
                n’est pas visible : contactez cette structure.
              </p>
              {h.recordedBy.organisationId ? (
                <p>
                  <a href={links.organisation(h.recordedBy.organisationId)}>Coordonnées de {h.recordedBy.organisationName}</a>
                </p>
              ) : null}
            </div>
          }
        >
          <p>Vous pouvez tout de même l’accueillir et l’orienter :</p>
          <div className="button-row">
            <a className="button" href={links.newReception(id)}>
              Nouvel accueil pour cette personne
            </a>
            <a className="button button--secondary" href={links.newReferral({ personId: id })}>
              Orienter cette personne
            </a>
          </div>
          <ExceptionalAccessForm personId={id} onGranted={reload} />
        </RecordPage>
      );
    }

    const p = h.person;
    const recordedHere = auth.status === 'signed-in' && auth.me.organisationId === p.recordedBy.organisationId;
    const saved = (person: Person) => {
      replace({ ...h, person });
      setFlash('Ses accords ont été enregistrés.');
      window.requestAnimationFrame(() => document.getElementById(consentsHeading)?.focus());
    };

    return (
      <RecordPage
        trail={[PERSONS, { label: personName(p) }]}
        title={personName(p)}
        notices={flash ? <SuccessNotice>{flash}</SuccessNotice> : null}
        actions={
          <div className="button-row page-actions">
            <a className="button" href={links.newReception(p.id)}>
              Nouvel accueil
            </a>
            <a className="button button--secondary" href={links.newReferral({ personId: p.id })} data-testid="refer-person">
              Orienter cette personne
            </a>
            {isSocialWorker ? (
              <a className="button button--secondary" href={links.newParcours(p.id)} data-testid="open-parcours">
                Ouvrir un parcours
              </a>
            ) : null}
          </div>
        }
      >
        <RecordSection title="Identité et coordonnées" headingId={identityHeading}>
          <Facts testId="identity">
            <Fact label="Date de naissance">{p.birthDate ? formatDate(p.birthDate) : 'Non renseignée'}</Fact>
            <Fact label="Commune">{p.communeCode ? <CommuneName code={p.communeCode} /> : 'Non renseignée'}</Fact>
            <Fact label="Téléphone">{p.phone ? <a href={`tel:${p.phone}`}>{formatPhone(p.phone)}</a> : 'Non renseigné'}</Fact>
            <Fact label="Courriel">{p.email ? <a href={`mailto:${p.email}`}>{p.email}</a> : 'Non renseigné'}</Fact>
            <Fact label="Fiche créée par">
              {p.recordedBy.organisationName}, le {formatDateTime(p.createdAt)}
            </Fact>
          </Facts>
          <EditInPlace
            allowed={recordedHere}
            refusal={
              <p className="hint" data-testid="identity-owner">
                Seule la structure qui a enregistré cette personne ({p.recordedBy.organisationName}) peut corriger son identité et ses
                coordonnées.
              </p>
            }
            label="Corriger son identité ou ses coordonnées"
            testId="edit-person"
          >
            {(close) => (
              <PersonEditForm
                person={p}
                onSaved={(person) => {
                  close();
                  replace({ ...h, person });
                  setFlash('La fiche a été corrigée.');
                  window.requestAnimationFrame(() => document.getElementById(identityHeading)?.focus());
                }}
                onCancel={close}
              />
            )}
          </EditInPlace>
        </RecordSection>

        {auth.status === 'signed-in' && auth.config.mode === 'local' ? (
          // Local stack only until the person's sign-in is built on AWS (ADR 0036).
          <RecordSection title="Mon espace (la personne)">
            <InvitationPanel personId={p.id} hasPhone={!!p.phone && !p.contactRefused} />
          </RecordSection>
        ) : null}

        <RecordSection title="Ses accords" headingId={consentsHeading}>
          <Facts>
            <ConsentLine
              title="Partage de son historique dans le réseau"
              consent={p.consents.networkSharing}
              organisationName={organisationName}
            />
            <ConsentLine title="Enquêtes de satisfaction par SMS" consent={p.consents.smsSurveys} organisationName={organisationName} />
          </Facts>
          <EditInPlace
            allowed={recordedHere}
            refusal={
              <p className="hint" data-testid="consents-owner">
                Seule la structure qui a enregistré cette personne ({p.recordedBy.organisationName}) peut modifier ses accords, à sa
                demande.
              </p>
            }
            label="Modifier ses accords"
            testId="edit-consents"
          >
            {(close) => (
              <ConsentsForm
                person={p}
                onSaved={(person) => {
                  close();
                  saved(person);
                }}
                onCancel={close}
              />
            )}
          </EditInPlace>
        </RecordSection>

        <HistorySection
          title="Ses démarches dans le réseau"
          entries={historyOf(stepsOf(h.receptions, h.referrals, h.parcours), siteName, organisationName, {
            ownOrganisationId: auth.status === 'signed-in' ? auth.me.organisationId : null,
            onChanged: (reception, what) => {
              replace({ ...h, receptions: h.receptions.map((r) => (r.id === reception.id ? reception : r)) });
              setFlash(what);
            },
          })}
          empty="Aucune démarche enregistrée pour le moment."
          testId="person-timeline"
        />

        <RecordSection title="Professionnels intervenus">
          {h.professionals.length === 0 ? (
            <p>Aucun professionnel enregistré.</p>
          ) : (
            <DataTable
              caption="Professionnels intervenus auprès de la personne"
              hiddenCaption
              columns={['Nom', 'Structure', 'Fonction', 'Depuis le']}
              testId="professionals"
            >
              {h.professionals.map((pro) => (
                <tr key={`${pro.name}-${pro.since}`}>
                  <td>{pro.name}</td>
                  <td>{pro.organisationName ?? '—'}</td>
                  <td>{pro.role ? roleLabel(pro.role) : '—'}</td>
                  <td>{formatDay(pro.since)}</td>
                </tr>
              ))}
            </DataTable>
          )}
        </RecordSection>
      </RecordPage>
    );
  };
  return (
    <RecordGate state={history} {...PERSON_WORDS} back={<a href="#/personnes">Rechercher une personne</a>} onRetry={reload}>
      {render}
    </RecordGate>
  );
}
