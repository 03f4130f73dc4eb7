/**
 * « Mes coordonnées » (issue 15, point 3; ADR 0038): she corrects her phone, e-mail and commune
 * (changed at once), or asks to correct her name or birth date (a professional of the structure
 * that recorded her checks it first).
 */
import { useId, useState } from 'react';
import { requestJson } from '../api/http';
import { Done, formatDay, Refusal, Status, useAction, useLoad } from './espace-kit';

interface MyDetails {
  lastName: string;
  firstName: string;
  birthDate?: string;
  communeCode?: string;
  phone?: string;
  email?: string;
  identityRequest?: { status: string; at: string; changes: { lastName?: string; firstName?: string; birthDate?: string } };
}

function Field(props: {
  id: string;
  label: string;
  hint?: string;
  type?: string;
  value: string;
  onChange: (v: string) => void;
  autoComplete?: string;
}) {
  return (
    <div className="espace-field">
      <label htmlFor={props.id}>{props.label}</label>
      {props.hint ? (
        <span className="espace-hint" id={`${props.id}-hint`}>
          {props.hint}
        </span>
      ) : null}
      <input
        id={props.id}
        type={props.type ?? 'text'}
        autoComplete={props.autoComplete}
        aria-describedby={props.hint ? `${props.id}-hint` : undefined}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
      />
    </div>
  );
}

function DetailsForm({ details, token, reload }: { details: MyDetails; token: string; reload: () => void }) {
  const id = useId();
  const [phone, setPhone] = useState(details.phone ?? '');
  const [email, setEmail] = useState(details.email ?? '');
  const [communeCode, setCommuneCode] = useState(details.communeCode ?? '');
  const [lastName, setLastName] = useState(details.lastName);
  const [firstName, setFirstName] = useState(details.firstName);
  const [birthDate, setBirthDate] = useState(details.birthDate ?? '');
  const action = useAction();
  const changed = <T,>(now: T, before: T | undefined) => (now !== (before ?? '') ? now : undefined);
  return (
    <form
      onSubmit={async (event) => {
        event.preventDefault();
        const orNull = (v: string | undefined) => (v === undefined ? undefined : v.trim() === '' ? null : v.trim());
        const body = {
          phone: orNull(changed(phone, details.phone)),
          email: orNull(changed(email, details.email)),
          communeCode: orNull(changed(communeCode, details.communeCode)),
          lastName: changed(lastName, details.lastName),
          firstName: changed(firstName, details.firstName),
          birthDate: changed(birthDate, details.birthDate) || undefined,
        };
        const identity = body.lastName !== undefined || body.firstName !== undefined || body.birthDate !== undefined;
        const text = identity
          ? 'C’est noté. Vos coordonnées sont changées ; votre identité sera corrigée après vérification par un professionnel.'
          : 'C’est noté : vos coordonnées sont changées.';
        if (await action.run(() => requestJson('/api/me/person/details', { method: 'PATCH', body, token }), text)) reload();
      }}
    >
      <h3>Mes coordonnées</h3>
      <p>Elles sont changées tout de suite.</p>
      <Field
        id={`${id}-phone`}
        label="Téléphone"
        type="tel"
        autoComplete="tel"
        hint="Par exemple : 06 12 34 56 78"
        value={phone}
        onChange={setPhone}
      />
      <Field id={`${id}-email`} label="Adresse e-mail" type="email" autoComplete="email" value={email} onChange={setEmail} />
      <Field
        id={`${id}-commune`}
        label="Code de ma commune (code INSEE)"
        hint="Par exemple : 46042 pour Cahors"
        value={communeCode}
        onChange={setCommuneCode}
      />
      <h3>Mon identité</h3>
      {details.identityRequest ? (
        <p className="espace-notice">
          Vous avez demandé une correction le {formatDay(details.identityRequest.at)} : un professionnel va la vérifier.
        </p>
      ) : (
        <p>Un professionnel de la structure qui vous a reçue vérifiera la correction avant qu’elle soit faite.</p>
      )}
      <Field id={`${id}-last`} label="Nom" autoComplete="family-name" value={lastName} onChange={setLastName} />
      <Field id={`${id}-first`} label="Prénom" autoComplete="given-name" value={firstName} onChange={setFirstName} />
      <Field id={`${id}-birth`} label="Date de naissance" type="date" autoComplete="bday" value={birthDate} onChange={setBirthDate} />
      {action.error ? <Refusal error={action.error} /> : null}
      <button type="submit" className="espace-button" disabled={action.busy}>
        Enregistrer
      </button>
      <Done text={action.done} />
    </form>
  );
}

export function MyDetailsPage({ token }: { token: string }) {
  const { state, reload } = useLoad<MyDetails>('/api/me/person/details', token);
  return (
    <section className="espace-page" aria-labelledby="details-title">
      <h2 id="details-title">Mes coordonnées</h2>
      <Status state={state}>
        {state.status === 'ready' ? (
          <DetailsForm key={JSON.stringify(state.value)} details={state.value} token={token} reload={reload} />
        ) : null}
      </Status>
    </section>
  );
}
