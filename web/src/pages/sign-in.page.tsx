import { type FormEvent, useEffect, useState } from 'react';
import { getJson } from '../api/http';
import type { AppConfig, DemoUser } from '../api/types';
import { cognitoConfigOf, useAuth } from '../auth/auth-context';
import { PageHeading } from '../components/page-heading';
import { ErrorNotice, Loading } from '../components/status';
import { roleLabel } from '../labels';

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

function LocalSignIn() {
  const { signInLocal } = useAuth();
  const [users, setUsers] = useState<DemoUser[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [selected, setSelected] = useState('');
  const [submitError, setSubmitError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    getJson<DemoUser[]>('/api/auth/dev/users').then(setUsers, (error: unknown) => setLoadError(messageOf(error)));
  }, []);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (!selected) {
      setSubmitError('Choisissez un utilisateur pour vous connecter.');
      return;
    }
    setBusy(true);
    setSubmitError(null);
    try {
      await signInLocal(selected);
    } catch (error) {
      setSubmitError(messageOf(error));
      setBusy(false);
    }
  }

  if (loadError) return <ErrorNotice>Les utilisateurs de démonstration n’ont pas pu être chargés : {loadError}</ErrorNotice>;
  if (!users) return <Loading>Chargement des utilisateurs de démonstration…</Loading>;

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

function CognitoSignIn() {
  const { signInWithCognito } = useAuth();
  const [error, setError] = useState<string | null>(null);
  return (
    <div className="card sign-in">
      <p>Connectez-vous avec le compte professionnel que votre structure vous a ouvert.</p>
      {error ? <ErrorNotice>{error}</ErrorNotice> : null}
      <button type="button" className="button" onClick={() => signInWithCognito().catch((e: unknown) => setError(messageOf(e)))}>
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
