/**
 * A new person, with the consents they give (DOMAIN rule 2). It sits inside the reception form,
 * so it is a group of fields with its own button, not a form: Enter in its fields saves the
 * person, not the reception. When the API finds someone who looks the same (409 with
 * `candidates`), the agent chooses one of them or confirms it is someone else
 * (`confirmedNotDuplicateOf`).
 */
import { type KeyboardEvent, useEffect, useId, useRef, useState } from 'react';
import { ApiError } from '../api/http';
import type { ConsentMethod, NewPerson, Person, PersonCandidate } from '../api/types';
import { useCreate } from '../api/queries';
import { CommuneCombobox } from '../components/commune-combobox';
import { CheckboxField, fieldId, optional, ProblemSummary, TextField } from '../components/form';
import { birthLabel, CONSENT_METHODS, personName } from '../labels';

/** The server's code for « this person may already exist » (services/intake/errors.ts). */
const POSSIBLE_DUPLICATE = 'intake.person.possible-duplicate';

const LABELS: Readonly<Record<string, string>> = {
  lastName: 'Nom',
  firstName: 'Prénom',
  birthDate: 'Date de naissance',
  communeCode: 'Commune',
  phone: 'Téléphone',
  email: 'Courriel',
  'consents.networkSharing.given': 'Partage dans le réseau',
  'consents.networkSharing.method': 'Façon de donner son accord',
  'consents.smsSurveys.given': 'Enquêtes par SMS',
  confirmedNotDuplicateOf: 'Doublons vérifiés',
};

interface Draft {
  lastName: string;
  firstName: string;
  birthDate: string;
  communeCode: string;
  phone: string;
  email: string;
  sharing: boolean;
  sms: boolean;
  method: ConsentMethod;
}

const EMPTY: Draft = {
  lastName: '',
  firstName: '',
  birthDate: '',
  communeCode: '',
  phone: '',
  email: '',
  sharing: false,
  sms: false,
  method: 'oral',
};

function bodyOf(d: Draft, confirmed?: string[]): NewPerson {
  return {
    lastName: d.lastName.trim(),
    firstName: d.firstName.trim(),
    birthDate: optional(d.birthDate),
    communeCode: optional(d.communeCode),
    phone: optional(d.phone),
    email: optional(d.email),
    // The SMS consent is said in the same conversation, the same way.
    consents: { networkSharing: { given: d.sharing, method: d.method }, smsSurveys: { given: d.sms, method: d.method } },
    ...(confirmed && confirmed.length > 0 ? { confirmedNotDuplicateOf: confirmed } : {}),
  };
}

/** Empty required fields, said in French before the API is asked. */
function missing(d: Draft): Array<{ path: string; message: string }> {
  const errors: Array<{ path: string; message: string }> = [];
  if (d.lastName.trim() === '') errors.push({ path: 'body.lastName', message: 'Indiquez le nom.' });
  if (d.firstName.trim() === '') errors.push({ path: 'body.firstName', message: 'Indiquez le prénom.' });
  if (d.sms && d.phone.trim() === '') {
    errors.push({ path: 'body.phone', message: 'Indiquez un numéro de téléphone portable pour les enquêtes par SMS.' });
  }
  return errors;
}

export function PersonForm({
  onChosen,
  onCancel,
  initialName = '',
}: {
  /** The person created, or the existing one the agent recognised among the candidates. */
  onChosen: (person: PersonCandidate | Person, created: boolean) => void;
  onCancel: () => void;
  /** What the agent typed in the search: it starts the last name. */
  initialName?: string;
}) {
  const [draft, setDraft] = useState<Draft>(() => ({ ...EMPTY, lastName: initialName.trim() }));
  const [candidates, setCandidates] = useState<PersonCandidate[] | null>(null);
  /** The server's words for the possible duplicate (« Cette personne existe peut-être déjà… »). */
  const [duplicateMessage, setDuplicateMessage] = useState('');
  const headingId = useId();
  const methodId = useId();
  const candidatesRef = useRef<HTMLElement>(null);
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }));

  // The first field takes the focus when the group opens: the agent goes on typing.
  useEffect(() => {
    document.getElementById(fieldId('lastName'))?.focus();
  }, []);

  // The candidates take the focus once shown: the agent reads the question first.
  useEffect(() => {
    if (candidates) candidatesRef.current?.focus();
  }, [candidates]);

  const { run, busy, problem, errorOf, fail, clear } = useCreate<NewPerson, Person>('/api/persons', {
    onSuccess: (person) => onChosen(person, true),
    handles: (error) => {
      // Branch on the code, not the status: another 409 (a stale record) is shown as any refusal.
      const found = error instanceof ApiError && error.code === POSSIBLE_DUPLICATE ? error.problem.candidates : undefined;
      if (!Array.isArray(found) || found.length === 0) return false;
      setDuplicateMessage((error as ApiError).message);
      setCandidates(found as PersonCandidate[]);
      return true;
    },
    focusOnProblem: () =>
      window.requestAnimationFrame(() =>
        document.querySelector<HTMLElement>('[data-testid="person-problem"] [data-testid="problem"]')?.focus(),
      ),
  });

  const save = (confirmed?: string[]) => {
    clear();
    const errors = missing(draft);
    if (errors.length > 0) {
      fail(new ApiError(400, 'Le formulaire contient des erreurs.', errors));
      window.requestAnimationFrame(() => document.getElementById(fieldId(errors[0]?.path ?? 'lastName'))?.focus());
      return;
    }
    run(bodyOf(draft, confirmed));
  };

  /** Enter in a field saves the person (the reception form around must not be sent). */
  const onKeyDown = (event: KeyboardEvent<HTMLFieldSetElement>) => {
    if (event.key !== 'Enter' || event.defaultPrevented) return;
    const target = event.target as HTMLElement;
    if (target.tagName !== 'INPUT' || (target as HTMLInputElement).type === 'checkbox' || target.getAttribute('role') === 'combobox') {
      return;
    }
    event.preventDefault();
    if (!busy && !candidates) void save();
  };

  if (candidates) {
    return (
      <section className="person-candidates" ref={candidatesRef} tabIndex={-1} aria-labelledby={headingId} data-testid="duplicates">
        <h3 id={headingId}>Est-ce l’une de ces personnes ?</h3>
        <p data-testid="duplicates-message">{duplicateMessage}</p>
        <p>Vérifiez avec la personne avant d’en créer une nouvelle : un doublon disperse son historique.</p>
        <ul className="person-results">
          {candidates.map((c) => (
            <li key={c.id} className="person-result">
              <span className="person-result__name">{personName(c)}</span>
              <span className="person-result__meta">
                {birthLabel(c.birthDate)}
                {c.communeCode ? ` · commune ${c.communeCode}` : ''}
              </span>
              <button type="button" className="button button--secondary" onClick={() => onChosen(c, false)}>
                Oui, c’est {personName(c)}
              </button>
            </li>
          ))}
        </ul>
        <div className="button-row">
          <button type="button" className="button" disabled={busy} onClick={() => void save(candidates.map((c) => c.id))}>
            {busy ? 'Enregistrement…' : 'Non, c’est une autre personne : l’enregistrer'}
          </button>
          <button
            type="button"
            className="button button--tertiary"
            onClick={() => {
              setCandidates(null);
              window.requestAnimationFrame(() => document.getElementById(fieldId('lastName'))?.focus());
            }}
          >
            Corriger la saisie
          </button>
        </div>
      </section>
    );
  }

  return (
    <fieldset className="fieldset fieldset--nested person-form" onKeyDown={onKeyDown} data-testid="person-form">
      <legend>Nouvelle personne</legend>
      <div data-testid="person-problem">
        <ProblemSummary problem={problem} labels={LABELS} />
      </div>
      <div className="field-row">
        <TextField
          path="lastName"
          label="Nom"
          required
          autoComplete="off"
          value={draft.lastName}
          onChange={(v) => set('lastName', v)}
          error={errorOf('lastName')}
        />
        <TextField
          path="firstName"
          label="Prénom"
          required
          autoComplete="off"
          value={draft.firstName}
          onChange={(v) => set('firstName', v)}
          error={errorOf('firstName')}
        />
      </div>
      <div className="field-row">
        <TextField
          path="birthDate"
          label="Date de naissance"
          hint="Facultatif ; aide à ne pas confondre deux personnes."
          type="date"
          value={draft.birthDate}
          onChange={(v) => set('birthDate', v)}
          error={errorOf('birthDate')}
        />
        <CommuneCombobox
          id={fieldId('communeCode')}
          label="Commune de résidence"
          hint="Facultatif. Tapez le nom ou le code postal."
          error={errorOf('communeCode')}
          onSelect={(commune) => set('communeCode', commune.code)}
          onClear={() => set('communeCode', '')}
        />
      </div>
      <div className="field-row">
        <TextField
          path="phone"
          label="Téléphone"
          hint="Portable de préférence, par exemple 06 12 34 56 78."
          type="tel"
          autoComplete="off"
          value={draft.phone}
          onChange={(v) => set('phone', v)}
          error={errorOf('phone')}
        />
        <TextField
          path="email"
          label="Courriel"
          type="email"
          autoComplete="off"
          value={draft.email}
          onChange={(v) => set('email', v)}
          error={errorOf('email')}
        />
      </div>
      <fieldset className="fieldset fieldset--nested consents">
        <legend>Ses accords</legend>
        <p className="hint">
          Posez-lui la question. Sans son accord, son historique ne sera visible que de votre structure ; les autres sauront seulement
          qu’elle a été reçue chez vous. Elle peut changer d’avis à tout moment.
        </p>
        <CheckboxField
          path="consents.networkSharing.given"
          label="Elle accepte que son historique soit partagé avec les professionnels du réseau"
          checked={draft.sharing}
          onChange={(v) => set('sharing', v)}
          error={errorOf('consents.networkSharing.given')}
        />
        <CheckboxField
          path="consents.smsSurveys.given"
          label="Elle accepte de recevoir des enquêtes de satisfaction par SMS"
          hint="Jamais la nuit ni le dimanche ; « STOP » arrête tout envoi."
          checked={draft.sms}
          onChange={(v) => set('sms', v)}
          error={errorOf('consents.smsSurveys.given')}
        />
        <fieldset className="inline-radios" aria-describedby={errorOf('consents.networkSharing.method') ? `${methodId}-erreur` : undefined}>
          <legend>Elle a répondu</legend>
          {errorOf('consents.networkSharing.method') ? (
            <p className="field__error" id={`${methodId}-erreur`}>
              {errorOf('consents.networkSharing.method')}
            </p>
          ) : null}
          {CONSENT_METHODS.map(([value, label], index) => (
            <div className="field field--checkbox" key={value}>
              <input
                type="radio"
                id={index === 0 ? fieldId('consents.networkSharing.method') : `${methodId}-${value}`}
                name={`${methodId}-methode`}
                value={value}
                checked={draft.method === value}
                onChange={() => set('method', value)}
              />
              <label htmlFor={index === 0 ? fieldId('consents.networkSharing.method') : `${methodId}-${value}`}>
                {label.toLocaleLowerCase('fr')}
              </label>
            </div>
          ))}
        </fieldset>
      </fieldset>
      <div className="button-row">
        <button type="button" className="button" disabled={busy} onClick={() => void save()} data-testid="save-person">
          {busy ? 'Enregistrement…' : 'Enregistrer la personne'}
        </button>
        <button type="button" className="button button--tertiary" onClick={onCancel}>
          Annuler
        </button>
      </div>
    </fieldset>
  );
}
