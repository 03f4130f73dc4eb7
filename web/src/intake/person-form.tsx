/**
 * A new person, with the consents they give (DOMAIN rule 2). It sits inside the reception form,
 * so it is a group of fields with its own button, not a form: Enter in its fields saves the
 * person, not the reception. When the API finds someone who looks the same (409 with
 * `candidates`), the agent chooses one of them or confirms it is someone else
 * (`confirmedNotDuplicateOf`).
 */
import { type KeyboardEvent, useEffect, useId, useRef, useState } from 'react';
import { FormProvider } from 'react-hook-form';
import { CreatePersonSchema } from '../../../services/intake/domain/person.schema';
import { ApiError } from '../api/http';
import { useCreate } from '../api/queries';
import type { ConsentMethod, NewPerson, Person, PersonCandidate } from '../api/types';
import { type FormCheck, FormCheckbox, FormRadios, FormText, messagesAt, useApiForm } from '../components/api-form';
import { CommuneCombobox } from '../components/commune-combobox';
import { fieldId, optional, ProblemSummary } from '../components/form';
import { DraftNotice, useFormDraft } from '../components/form-draft';
import { PhoneAndEmail } from '../components/record-form';
import './browser-phone';
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
  contactRefused: 'Messages sur ses orientations',
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
  consents: { networkSharing: { given: boolean; method: ConsentMethod }; smsSurveys: { given: boolean } };
  contactRefused: boolean;
}

const EMPTY: Draft = {
  lastName: '',
  firstName: '',
  birthDate: '',
  communeCode: '',
  phone: '',
  email: '',
  consents: { networkSharing: { given: false, method: 'oral' }, smsSurveys: { given: false } },
  contactRefused: false,
};

function bodyOf(d: Draft): NewPerson {
  const { networkSharing, smsSurveys } = d.consents;
  return {
    lastName: d.lastName.trim(),
    firstName: d.firstName.trim(),
    birthDate: optional(d.birthDate),
    communeCode: optional(d.communeCode),
    phone: optional(d.phone),
    email: optional(d.email),
    // The SMS consent is said in the same conversation, the same way.
    consents: { networkSharing, smsSurveys: { given: smsSurveys.given, method: networkSharing.method } },
    ...(d.contactRefused ? { contactRefused: true } : {}),
  };
}

/** Empty required fields, in the form's words rather than the schema's. */
function missing(d: Draft): FormCheck[] {
  const errors: FormCheck[] = [];
  if (d.lastName.trim() === '') errors.push({ path: 'lastName', message: 'Indiquez le nom.' });
  if (d.firstName.trim() === '') errors.push({ path: 'firstName', message: 'Indiquez le prénom.' });
  if (d.consents.smsSurveys.given && d.phone.trim() === '') {
    errors.push({ path: 'phone', message: 'Indiquez un numéro de téléphone portable pour les enquêtes par SMS.' });
  }
  return errors;
}

/** How she answered (orally, in writing…): one answer for both consents. */
const METHODS = CONSENT_METHODS.map(([method, label]) => [method, label.toLocaleLowerCase('fr')] as const);

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
  const [candidates, setCandidates] = useState<PersonCandidate[] | null>(null);
  /** The server's words for the possible duplicate (« Cette personne existe peut-être déjà… »). */
  const [duplicateMessage, setDuplicateMessage] = useState('');
  const headingId = useId();
  const candidatesRef = useRef<HTMLElement>(null);

  // The first field takes the focus when the group opens: the agent goes on typing.
  useEffect(() => {
    document.getElementById(fieldId('lastName'))?.focus();
  }, []);

  // The candidates take the focus once shown: the agent reads the question first.
  useEffect(() => {
    if (candidates) candidatesRef.current?.focus();
  }, [candidates]);

  const write = useCreate<NewPerson, Person>('/api/persons', {
    onSuccess: (person) => {
      kept.clear();
      onChosen(person, true);
    },
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
  const { run, busy } = write;
  const { form, submit, problem } = useApiForm<Draft, unknown>({
    defaultValues: { ...EMPTY, lastName: initialName.trim() },
    toBody: bodyOf,
    schema: CreatePersonSchema,
    checks: missing,
    write,
    onInvalid: (problems) => window.requestAnimationFrame(() => document.getElementById(fieldId(problems[0]?.path ?? 'lastName'))?.focus()),
  });
  const kept = useFormDraft('personne:nouvelle', form);

  /** Sends the person; `confirmed`: the candidates the agent says she is none of. */
  const save = (confirmed?: string[]) =>
    submit(() => {
      const body = bodyOf(form.getValues());
      run(confirmed && confirmed.length > 0 ? { ...body, confirmedNotDuplicateOf: confirmed } : body);
    })();

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
              <button
                type="button"
                className="button button--secondary"
                onClick={() => {
                  kept.clear();
                  onChosen(c, false);
                }}
              >
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
    <FormProvider {...form}>
      <fieldset className="fieldset fieldset--nested person-form" onKeyDown={onKeyDown} data-testid="person-form">
        <legend>Nouvelle personne</legend>
        <DraftNotice draft={kept} />
        <div data-testid="person-problem">
          <ProblemSummary problem={problem} labels={LABELS} />
        </div>
        <div className="field-row">
          <FormText name="lastName" label="Nom" required autoComplete="off" />
          <FormText name="firstName" label="Prénom" required autoComplete="off" />
        </div>
        <div className="field-row">
          <FormText name="birthDate" label="Date de naissance" hint="Facultatif ; aide à ne pas confondre deux personnes." type="date" />
          <CommuneCombobox
            id={fieldId('communeCode')}
            label="Commune de résidence"
            hint="Facultatif. Tapez le nom ou le code postal."
            error={messagesAt(form.formState.errors, 'communeCode')}
            onSelect={(commune) => form.setValue('communeCode', commune.code, { shouldDirty: true })}
            onClear={() => form.setValue('communeCode', '', { shouldDirty: true })}
          />
        </div>
        <PhoneAndEmail phoneHint="Portable de préférence, par exemple 06 12 34 56 78." autoComplete="off" />
        <fieldset className="fieldset fieldset--nested consents">
          <legend>Ses accords</legend>
          <p className="hint">
            Posez-lui la question. Sans son accord, son historique ne sera visible que de votre structure ; les autres sauront seulement
            qu’elle a été reçue chez vous. Elle peut changer d’avis à tout moment.
          </p>
          <FormCheckbox
            name="consents.networkSharing.given"
            label="Elle accepte que son historique soit partagé avec les professionnels du réseau"
          />
          <FormCheckbox
            name="consents.smsSurveys.given"
            label="Elle accepte de recevoir des enquêtes de satisfaction par SMS"
            hint="Jamais la nuit ni le dimanche ; « STOP » arrête tout envoi."
          />
          <FormRadios name="consents.networkSharing.method" legend="Elle a répondu" options={METHODS} />
          <FormCheckbox
            name="contactRefused"
            label="Elle ne veut pas de message sur ses orientations"
            hint="Sinon, elle reçoit un SMS ou un courriel quand vous l’orientez vers un partenaire, puis quand il répond."
          />
        </fieldset>
        <div className="button-row">
          <button type="button" className="button" disabled={busy} onClick={() => void save()} data-testid="save-person">
            {busy ? 'Enregistrement…' : 'Enregistrer la personne'}
          </button>
          <button
            type="button"
            className="button button--tertiary"
            onClick={() => {
              kept.clear();
              onCancel();
            }}
          >
            Annuler
          </button>
        </div>
      </fieldset>
    </FormProvider>
  );
}
