/**
 * `#/comptes` « Comptes en attente » (administrators only; issue 18 point 7, ADR 0041): the agents
 * who signed in with ProConnect and have no role yet, each with the SIRET they signed in for; for
 * each, a role and an organisation (the directory's organisation with that SIRET proposed), sent
 * to `POST /api/accounts/{id}/assignment`. The success is said in the live region; the account
 * leaves the list and gets its role at its next sign-in.
 */
import { type FormEvent, useId, useState } from 'react';
import type * as z from 'zod';
import type { AssignmentResultSchema, PendingAccountsSchema } from '../../../services/platform/domain/accounts.schema';
import { useApiMutation, useApiQuery } from '../api/queries';
import type { Organisation } from '../api/types';
import { PageHeading } from '../components/page-heading';
import { ErrorNotice, Loading } from '../components/status';
import { useDirectory } from '../directory/directory-data';
import { formatDateTime, ROLE_LABELS, roleLabel } from '../labels';

type PendingAccount = z.infer<typeof PendingAccountsSchema>['items'][number];
type AssignmentResult = z.infer<typeof AssignmentResultSchema>;

const PENDING_PATH = '/api/accounts/pending';
/** The staff roles an administrator gives (never `personne`). */
const ROLES = ['accueil', 'travailleur_social', 'partenaire', 'pilote', 'admin'] as const;

interface AssignmentFormProps {
  account: PendingAccount;
  organisations: readonly Organisation[];
  onAssigned: (account: PendingAccount, result: AssignmentResult) => void;
}

function AssignmentForm({ account, organisations, onAssigned }: AssignmentFormProps) {
  const proposed = account.siret ? organisations.find((o) => o.siret === account.siret) : undefined;
  const [role, setRole] = useState('');
  const [organisationId, setOrganisationId] = useState(proposed?.id ?? '');
  const [missing, setMissing] = useState<string | null>(null);
  const roleId = useId();
  const organisationFieldId = useId();
  const hintId = useId();
  const errorId = useId();
  const assign = useApiMutation(
    (api, body: { role: string; organisationId: string }) => api.post<AssignmentResult>(`/api/accounts/${account.id}/assignment`, body),
    { invalidates: () => [['accounts']], onSuccess: (result) => onAssigned(account, result), focusOnProblem: false },
  );
  const fullName = `${account.givenName} ${account.familyName}`;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!role || !organisationId) {
      setMissing(!role ? 'Choisissez un rôle.' : 'Choisissez une structure.');
      return;
    }
    setMissing(null);
    assign.run({ role, organisationId });
  };
  const error = missing ?? (assign.error ? `${assign.error}${assign.errorOf('body.role') ? ` ${assign.errorOf('body.role')}` : ''}` : null);

  return (
    <form className="card" aria-label={`Attribuer un rôle à ${fullName}`} onSubmit={submit} noValidate>
      <h2>{fullName}</h2>
      <dl>
        <dt>Adresse électronique</dt>
        <dd>{account.email}</dd>
        <dt>SIRET déclaré à la connexion</dt>
        <dd>{account.siret ?? 'aucun'}</dd>
        <dt>Première connexion</dt>
        <dd>{formatDateTime(account.createdAt)}</dd>
      </dl>
      <div className="field">
        <label htmlFor={roleId}>Rôle</label>
        <select id={roleId} value={role} onChange={(e) => setRole(e.target.value)} aria-describedby={error ? errorId : undefined}>
          <option value="">Choisir un rôle</option>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {ROLE_LABELS[r]}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={organisationFieldId}>Structure</label>
        <select
          id={organisationFieldId}
          value={organisationId}
          onChange={(e) => setOrganisationId(e.target.value)}
          aria-describedby={[hintId, error ? errorId : ''].filter(Boolean).join(' ')}
        >
          <option value="">Choisir une structure</option>
          {organisations.map((o) => (
            <option key={o.id} value={o.id}>
              {o.name}
            </option>
          ))}
        </select>
        <span className="field__hint" id={hintId}>
          {proposed
            ? `Proposée : ${proposed.name}, dont le SIRET est celui déclaré.`
            : account.siret
              ? 'Aucune structure de l’annuaire n’a ce SIRET : choisissez-la dans la liste.'
              : 'Choisissez la structure de l’agent dans la liste.'}
        </span>
      </div>
      {error ? (
        <p className="field__error" id={errorId} role="alert">
          {error}
        </p>
      ) : null}
      <div className="field field--actions">
        <button type="submit" className="button" disabled={assign.busy}>
          Attribuer
        </button>
      </div>
    </form>
  );
}

export function PendingAccountsPage() {
  const { state } = useApiQuery<z.infer<typeof PendingAccountsSchema>>(PENDING_PATH);
  const { data: directory } = useDirectory();
  const [message, setMessage] = useState('');

  const onAssigned = (account: PendingAccount, result: AssignmentResult) => {
    const organisation = directory.status === 'ready' ? directory.organisationName(result.organisationId) : 'la structure choisie';
    setMessage(
      `${account.givenName} ${account.familyName} a désormais le rôle « ${roleLabel(result.role)} » à ${organisation}. ` +
        'Ce rôle s’appliquera à sa prochaine connexion.',
    );
  };

  return (
    <>
      <PageHeading title="Comptes en attente" />
      <p>
        Les agents qui se sont connectés par ProConnect et n’ont pas encore de rôle. Choisissez pour chacun son rôle et sa structure ; le
        SIRET déclaré à la connexion aide à reconnaître la structure.
      </p>
      <p className="notice" aria-live="polite" role="status">
        {message}
      </p>
      {state.status === 'loading' || directory.status === 'loading' ? (
        <Loading>Chargement des comptes en attente…</Loading>
      ) : state.status === 'failed' ? (
        <ErrorNotice>{state.message}</ErrorNotice>
      ) : directory.status === 'failed' ? (
        <ErrorNotice>{directory.message}</ErrorNotice>
      ) : state.value.items.length === 0 ? (
        <p>Aucun compte en attente.</p>
      ) : (
        state.value.items.map((account) => (
          <AssignmentForm key={account.id} account={account} organisations={directory.organisations} onAssigned={onAssigned} />
        ))
      )}
    </>
  );
}
