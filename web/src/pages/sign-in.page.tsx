import { useMutation, useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { getJson } from '../api/http';
import type { AppConfig, DemoUser } from '../api/types';
import { cognitoConfigOf, useAuth } from '../auth/auth-context';
import { PageHeading } from '../components/page-heading';
import { ErrorNotice } from '../components/status';
import { roleLabel } from '../labels';
import './sign-in.css';

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

function LocalSignIn() {
  const { signInLocal } = useAuth();
  const demoUsers = useQuery({
    queryKey: ['auth', 'dev', 'users'],
    queryFn: ({ signal }) => getJson<DemoUser[]>('/api/auth/dev/users', undefined, signal),
  });
  const users = demoUsers.data ?? null;
  const loadError = demoUsers.error ? messageOf(demoUsers.error) : null;
  const [selected, setSelected] = useState('');
  const [unchosen, setUnchosen] = useState(false);
  const signingIn = useMutation({ mutationFn: signInLocal });
  const busy = signingIn.isPending || signingIn.isSuccess;
  const submitError = unchosen ? 'Choisissez un utilisateur pour vous connecter.' : signingIn.error ? messageOf(signingIn.error) : null;

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    setUnchosen(!selected);
    if (selected) signingIn.mutate(selected);
  }

  if (loadError) return <ErrorNotice>Les utilisateurs de démonstration n’ont pas pu être chargés : {loadError}</ErrorNotice>;
  if (!users) return <DemoUsersSkeleton />;

  return (
    <form className="card sign-in" onSubmit={onSubmit} noValidate>
      <p className="notice notice--info">Mode local : choisissez un utilisateur de démonstration. Les données sont fictives.</p>
      {submitError ? (
        <p className="notice notice--error" role="alert" id="sign-in-error">
          {submitError}
        </p>
      ) : null}
      <fieldset className="user-choices" aria-describedby={submitError ? 'sign-in-error' : undefined}>
        <legend>Utilisateur de démonstration</legend>
        {users.map((user) => (
          <div className="user-choice" key={user.username}>
            <input
              type="radio"
              name="username"
              id={`user-${user.username}`}
              value={user.username}
              checked={selected === user.username}
              onChange={() => setSelected(user.username)}
            />
            <label htmlFor={`user-${user.username}`}>
              <span className="user-choice__name">{user.name}</span>
              <span className="user-choice__meta">
                {roleLabel(user.role)} — {user.organisationName}
              </span>
              <span className="user-choice__meta">
                Identifiant : <code>{user.username}</code>
              </span>
            </label>
          </div>
        ))}
      </fieldset>
      <button type="submit" className="button" disabled={busy}>
        {busy ? 'Connexion…' : 'Se connecter'}
      </button>
    </form>
  );
}

/**
 * How many demo users the local stack seeds (services/directory/demo/lot-demo.ts): the
 * placeholder rows reserve their height, so that nothing moves when the list arrives (issue 19:
 * a layout shift of 0.43 on this page). A different count only moves what is below the list.
 */
const EXPECTED_DEMO_USERS = 8;

/** The form as it will be, its rows blank, while the demo users load: the same boxes, the same heights. */
function DemoUsersSkeleton() {
  return (
    <div className="card sign-in" aria-busy="true">
      <p className="notice notice--info">Mode local : choisissez un utilisateur de démonstration. Les données sont fictives.</p>
      <fieldset className="user-choices">
        <legend>Utilisateur de démonstration</legend>
        <p className="visually-hidden" role="status">
          Chargement des utilisateurs de démonstration…
        </p>
        {Array.from({ length: EXPECTED_DEMO_USERS }, (_, index) => (
          <div className="user-choice user-choice--placeholder" key={index} aria-hidden="true">
            <span className="user-choice__radio" />
            <span className="user-choice__label">
              <span className="user-choice__name">&nbsp;</span>
              <span className="user-choice__meta">&nbsp;</span>
              <span className="user-choice__meta">&nbsp;</span>
            </span>
          </div>
        ))}
      </fieldset>
    </div>
  );
}

function CognitoSignIn() {
  const { signInWithCognito } = useAuth();
  const redirecting = useMutation({ mutationFn: signInWithCognito });
  return (
    <div className="card sign-in">
      <p>Connectez-vous avec le compte professionnel que votre structure vous a ouvert.</p>
      {redirecting.error ? <ErrorNotice>{messageOf(redirecting.error)}</ErrorNotice> : null}
      <button type="button" className="button" onClick={() => redirecting.mutate()}>
        Se connecter
      </button>
    </div>
  );
}

export function SignInPage({ config, notice }: { config: AppConfig; notice?: string }) {
  return (
    <>
      <PageHeading title="Connexion" />
      <p className="lead">Relais relie les lieux d’accueil, les partenaires et les professionnels du réseau social du département.</p>
      {notice ? (
        <p className="notice notice--warning" role="status">
          {notice}
        </p>
      ) : null}
      {config.mode === 'aws' ? (
        cognitoConfigOf(config) ? (
          <CognitoSignIn />
        ) : (
          <ErrorNotice>La connexion n’est pas configurée (Cognito absent de la configuration).</ErrorNotice>
        )
      ) : (
        <LocalSignIn />
      )}
    </>
  );
}
