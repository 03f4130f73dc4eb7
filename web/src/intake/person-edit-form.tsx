/**
 * Correct a person's identity and contact details (issue 14, ADR 0028): on her record, for the
 * organisation that recorded her. The reason is required (it goes to the audit trail). When the
 * new identity looks like another person's, the API answers as at creation (409 with
 * `candidates`): the form shows them and lets the agent confirm it is someone else.
 */
import { useState } from 'react';
import { CorrectPersonSchema } from '../../../services/intake/domain/person.schema';
import { ApiError } from '../api/http';
import { useApiMutation } from '../api/queries';
import type { Person, PersonCandidate } from '../api/types';
import { type FormCheck, FormActions, FormCheckbox, FormFrame, FormText, FormTextArea, useApiForm } from '../components/api-form';
import { PhoneAndEmail } from '../components/record-form';
import './browser-phone';
import { birthLabel, personName } from '../labels';

/** The server's code for « this person may already exist » (services/intake/errors.ts). */
const POSSIBLE_DUPLICATE = 'intake.person.possible-duplicate';

const LABELS: Readonly<Record<string, string>> = {
  lastName: 'Nom',
  firstName: 'Prénom',
  birthDate: 'Date de naissance',
  phone: 'Téléphone',
  email: 'Courriel',
  contactRefused: 'Messages sur ses orientations',
  reason: 'Motif de la correction',
  version: 'Version',
};

interface Draft {
  lastName: string;
  firstName: string;
  birthDate: string;
  phone: string;
  email: string;
  contactRefused: boolean;
  reason: string;
}

/** Only what changed is sent; an emptied optional field is cleared (`null`). */
function bodyOf(person: Person, d: Draft, confirmed?: string[]) {
  const body: Record<string, unknown> = { version: person.version, reason: d.reason.trim() };
  const text = (value: string) => value.trim();
  if (text(d.lastName) !== person.lastName) body.lastName = text(d.lastName);
  if (text(d.firstName) !== person.firstName) body.firstName = text(d.firstName);
  for (const field of ['birthDate', 'phone', 'email'] as const) {
    const value = text(d[field]);
    if (value !== (person[field] ?? '')) body[field] = value === '' ? null : value;
  }
  if (d.contactRefused !== (person.contactRefused ?? false)) body.contactRefused = d.contactRefused;
  if (confirmed?.length) body.confirmedNotDuplicateOf = confirmed;
  return body;
}

function checks(d: Draft): FormCheck[] {
  const errors: FormCheck[] = [];
  if (d.lastName.trim() === '') errors.push({ path: 'lastName', message: 'Indiquez le nom.' });
  if (d.firstName.trim() === '') errors.push({ path: 'firstName', message: 'Indiquez le prénom.' });
  if (d.reason.trim().length < 3) errors.push({ path: 'reason', message: 'Indiquez pourquoi vous corrigez sa fiche.' });
  return errors;
}

export function PersonEditForm({ person, onSaved, onCancel }: { person: Person; onSaved: (p: Person) => void; onCancel: () => void }) {
  const [candidates, setCandidates] = useState<PersonCandidate[] | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const write = useApiMutation((api, body: Record<string, unknown>) => api.patch<Person>(`/api/persons/${person.id}`, body), {
    onSuccess: onSaved,
    handles: (error) => {
      const found = error instanceof ApiError && error.code === POSSIBLE_DUPLICATE ? error.problem.candidates : undefined;
      if (!Array.isArray(found) || found.length === 0) return false;
      setCandidates(found as PersonCandidate[]);
      window.requestAnimationFrame(() => document.querySelector<HTMLElement>('[data-testid="edit-duplicates"]')?.focus());
      return true;
    },
    focusOnProblem: '[data-testid="person-edit-form"]',
  });
  const defaults: Draft = {
    lastName: person.lastName,
    firstName: person.firstName,
    birthDate: person.birthDate ?? '',
    phone: person.phone ?? '',
    email: person.email ?? '',
    contactRefused: person.contactRefused ?? false,
    reason: '',
  };
  const { form, submit, problem } = useApiForm<Draft, unknown>({
    defaultValues: defaults,
    toBody: (d) => bodyOf(person, d),
    schema: CorrectPersonSchema,
    checks,
    write,
  });
  const send = (confirmed?: string[]) => {
    setNote(null);
    const body = bodyOf(person, form.getValues(), confirmed);
    if (Object.keys(body).every((k) => k === 'version' || k === 'reason' || k === 'confirmedNotDuplicateOf')) {
      setNote('Rien n’a changé : modifiez un champ avant d’enregistrer.');
      return;
    }
    write.run(body);
  };

  return (
    <FormFrame
      form={form}
      onSubmit={submit(() => send())}
      problem={problem}
      labels={LABELS}
      testId="person-edit-form"
      intro={
        <>
          <h3>Corriger son identité et ses coordonnées</h3>
          <p className="hint">La correction est tracée avec votre nom, la date et le motif.</p>
          {note ? (
            <p className="notice notice--info" role="status">
              {note}
            </p>
          ) : null}
        </>
      }
    >
      {candidates ? (
        <section className="notice notice--warning" tabIndex={-1} data-testid="edit-duplicates" aria-labelledby="edit-duplicates-title">
          <h4 id="edit-duplicates-title">Cette personne existe peut-être déjà</h4>
          <p>
            Avec ce nom, une autre fiche lui ressemble. Vérifiez avec la personne avant d’enregistrer : un doublon disperse son historique.
          </p>
          <ul>
            {candidates.map((c) => (
              <li key={c.id}>
                {personName(c)} — {birthLabel(c.birthDate)}
                {c.communeCode ? ` · commune ${c.communeCode}` : ''}
              </li>
            ))}
          </ul>
          <div className="button-row">
            <button
              type="button"
              className="button button--secondary"
              disabled={write.busy}
              onClick={() => send(candidates.map((c) => c.id))}
              data-testid="confirm-not-duplicate"
            >
              Ce n’est aucune de ces personnes : enregistrer
            </button>
          </div>
        </section>
      ) : null}
      <div className="field-row">
        <FormText name="lastName" label="Nom" required autoComplete="off" />
        <FormText name="firstName" label="Prénom" required autoComplete="off" />
      </div>
      <FormText name="birthDate" label="Date de naissance" type="date" hint="Facultatif." />
      <PhoneAndEmail phoneHint="Portable de préférence, par exemple 06 12 34 56 78. Videz le champ pour l’effacer." autoComplete="off" />
      <FormCheckbox
        name="contactRefused"
        label="Elle ne veut pas de message sur ses orientations"
        hint="Ni SMS ni courriel quand elle est orientée ou quand le partenaire répond."
      />
      <FormTextArea
        name="reason"
        label="Motif de la correction"
        hint="Par exemple : nouveau numéro, nom mal orthographié."
        required
        rows={2}
      />
      <FormActions busy={write.busy} label="Enregistrer la correction" cancel={onCancel} cancelClass="button--tertiary" />
    </FormFrame>
  );
}
