import { type FormEvent, useEffect, useRef, useState } from 'react';
import { ApiError, messageOf, postJson, request } from '../api/http';
import { PageHeading } from '../components/page-heading';
import type { CognitoConfig } from '../api/types';
import { startFranceConnect } from './franceconnect';
import type { PersonSession } from './session';
import { saveSession } from './session';

interface TokenAnswer {
  accessToken: string;
  expiresIn: number;
}

type Channel = 'phone' | 'email';

/** What she reads when the code or the invitation is refused: the server's French words, and the tries left. */
function refusalOf(error: unknown): string {
  if (!(error instanceof ApiError)) return messageOf(error);
  if (error.status === 401 && typeof error.problem.attemptsLeft === 'number') {
    const left = error.problem.attemptsLeft;
    if (left === 0) return 'Ce code n’est pas le bon. Vous n’avez plus d’essai : attendez un moment, puis demandez un nouveau code.';
    return `Ce code n’est pas le bon, ou il n’est plus valable. Il vous reste ${left} essai${left > 1 ? 's' : ''}.`;
  }
  if (error.status === 429) {
    const seconds = typeof error.problem.retryAfterSeconds === 'number' ? error.problem.retryAfterSeconds : 900;
    const minutes = Math.max(1, Math.ceil(seconds / 60));
    return `Trop de codes faux. Pour votre sécurité, attendez ${minutes} minute${minutes > 1 ? 's' : ''} avant de réessayer.`;
  }
  if (error.status === 400 && error.errors.length) return error.errors.map((e) => e.message).join(' ');
  return error.message;
}

/**
 * Signing in to « Mon espace »: her phone (or e-mail) → the 6-digit code she receives → her
 * space. Or her invitation link, once. Plain words, one question per screen, big buttons.
 */
export function SignIn({
  invitation,
  notice,
  failure = null,
  franceConnect,
  onSignedIn,
}: {
  invitation: string | null;
  notice: string | null;
  /** Why her FranceConnect sign-in did not open her space (a refused answer, an identity not linked yet). */
  failure?: string | null;
  /** The persons' hosted UI, when the stage has FranceConnect (`personCognito` of /config.json); else no button. */
  franceConnect?: CognitoConfig;
  onSignedIn: (session: PersonSession) => void;
}) {
  const [step, setStep] = useState<'contact' | 'code'>('contact');
  const [channel, setChannel] = useState<Channel>('phone');
  const [contact, setContact] = useState('');
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(failure);
  const [leaving, setLeaving] = useState(false);
  const [info, setInfo] = useState<string | null>(notice);
  const tried = useRef(false);

  useEffect(() => {
    if (!invitation || tried.current) return;
    tried.current = true;
    setBusy(true);
    postJson<TokenAnswer>('/api/me/person/token', { invitation })
      .then((token) => onSignedIn(saveSession(token)))
      .catch((error) => {
        setProblem(
          error instanceof ApiError && error.status === 401
            ? 'Ce lien d’invitation a déjà servi, ou il n’est plus valable. Vous pouvez recevoir un code à la place.'
            : messageOf(error),
        );
        window.history.replaceState(null, '', `${window.location.pathname}#/`);
      })
      .finally(() => setBusy(false));
  }, [invitation, onSignedIn]);

  const toFranceConnect = async () => {
    if (!franceConnect) return;
    setLeaving(true);
    setProblem(null);
    try {
      await startFranceConnect(franceConnect);
    } catch {
      setLeaving(false);
      setProblem('FranceConnect ne répond pas pour le moment. Réessayez plus tard, ou recevez un code ci-dessous.');
    }
  };

  const body = () => (channel === 'phone' ? { phone: contact } : { email: contact });

  const askCode = async (event?: FormEvent) => {
    event?.preventDefault();
    if (!contact.trim()) {
      setProblem(channel === 'phone' ? 'Écrivez votre numéro de téléphone.' : 'Écrivez votre adresse e-mail.');
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      // 202 and nothing else: whether a record has this contact is never told.
      await request('/api/me/person/code', { method: 'POST', body: body() });
      setInfo(
        channel === 'phone'
          ? 'Si ce numéro est celui de votre dossier, vous allez recevoir un code à 6 chiffres par SMS.'
          : 'Si cette adresse est celle de votre dossier, vous allez recevoir un code à 6 chiffres par e-mail.',
      );
      setCode('');
      setStep('code');
    } catch (error) {
      setProblem(refusalOf(error));
    } finally {
      setBusy(false);
    }
  };

  const sendCode = async (event: FormEvent) => {
    event.preventDefault();
    if (!/^\d{6}$/.test(code.trim())) {
      setProblem('Le code a 6 chiffres.');
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      onSignedIn(saveSession(await postJson<TokenAnswer>('/api/me/person/token', { ...body(), code: code.trim() })));
    } catch (error) {
      setProblem(refusalOf(error));
    } finally {
      setBusy(false);
    }
  };

  if (invitation && busy) {
    return (
      <>
        <PageHeading title="Mon espace" />
        <p className="lead" role="status">
          Ouverture de votre espace…
        </p>
      </>
    );
  }

  return (
    <>
      <PageHeading title="Mon espace" />
      <p className="lead">Ici, vous voyez ce que le réseau Relais sait de vous.</p>
      {problem ? (
        <p className="notice notice--error" role="alert">
          {problem}
        </p>
      ) : null}
      {info && !problem ? (
        <p className="notice notice--info" role="status">
          {info}
        </p>
      ) : null}
      {step === 'contact' && franceConnect ? (
        <FranceConnectButton onClick={() => void toFranceConnect()} busy={leaving} />
      ) : null}
      {step === 'contact' ? (
        <form className="espace-form" onSubmit={askCode} noValidate>
          <fieldset className="espace-choice">
            <legend>Comment recevoir votre code ?</legend>
            <label className="espace-radio">
              <input type="radio" name="channel" checked={channel === 'phone'} onChange={() => setChannel('phone')} />
              <span>Par SMS</span>
            </label>
            <label className="espace-radio">
              <input type="radio" name="channel" checked={channel === 'email'} onChange={() => setChannel('email')} />
              <span>Par e-mail</span>
            </label>
          </fieldset>
          <div className="field">
            <label htmlFor="espace-contact">{channel === 'phone' ? 'Votre numéro de téléphone' : 'Votre adresse e-mail'}</label>
            <span className="hint" id="espace-contact-hint">
              {channel === 'phone' ? 'Le numéro donné à votre lieu d’accueil. Exemple : 06 12 34 56 78' : 'Exemple : nom@exemple.fr'}
            </span>
            <input
              id="espace-contact"
              type={channel === 'phone' ? 'tel' : 'email'}
              autoComplete={channel === 'phone' ? 'tel' : 'email'}
              inputMode={channel === 'phone' ? 'tel' : 'email'}
              aria-describedby="espace-contact-hint"
              value={contact}
              onChange={(e) => setContact(e.target.value)}
            />
          </div>
          <button type="submit" className="button espace-button" disabled={busy}>
            {busy ? 'Envoi…' : 'Recevoir mon code'}
          </button>
        </form>
      ) : (
        <form className="espace-form" onSubmit={sendCode} noValidate>
          <div className="field">
            <label htmlFor="espace-code">Le code reçu (6 chiffres)</label>
            <span className="hint" id="espace-code-hint">
              Il est valable 10 minutes.
            </span>
            <input
              id="espace-code"
              type="text"
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={6}
              aria-describedby="espace-code-hint"
              value={code}
              onChange={(e) => setCode(e.target.value.replace(/\D/g, ''))}
            />
          </div>
          <button type="submit" className="button espace-button" disabled={busy}>
            {busy ? 'Vérification…' : 'Ouvrir mon espace'}
          </button>
          <div className="espace-links">
            <button type="button" className="button button--tertiary espace-button" onClick={() => void askCode()} disabled={busy}>
              Recevoir un nouveau code
            </button>
            <button
              type="button"
              className="button button--tertiary espace-button"
              onClick={() => {
                setStep('contact');
                setProblem(null);
                setInfo(null);
              }}
            >
              Changer de {channel === 'phone' ? 'numéro' : 'adresse'}
            </button>
          </div>
        </form>
      )}
    </>
  );
}

/**
 * FranceConnect's button, after its official pattern (« S’identifier avec FranceConnect », then
 * the link « Qu’est-ce que FranceConnect ? » opening franceconnect.gouv.fr in a new tab, said in
 * its accessible name), drawn in HTML and CSS only: nothing loaded from another site. Then « ou »,
 * and the code sign-in below.
 */
export function FranceConnectButton({ onClick, busy }: { onClick: () => void; busy: boolean }) {
  return (
    <section className="espace-franceconnect" aria-labelledby="espace-franceconnect-title">
      <h2 id="espace-franceconnect-title" className="espace-franceconnect__title">
        Avec FranceConnect
      </h2>
      <p className="hint">Utilisez un compte que vous avez déjà : impots.gouv.fr, ameli.fr, l’Identité Numérique La Poste…</p>
      <button type="button" className="franceconnect-button" onClick={onClick} disabled={busy} aria-busy={busy}>
        <span className="franceconnect-button__login">S’identifier avec</span>
        <span className="franceconnect-button__brand">FranceConnect</span>
      </button>
      <p>
        <a
          className="franceconnect-link"
          href="https://franceconnect.gouv.fr/"
          target="_blank"
          rel="noopener noreferrer"
          title="Qu’est-ce que FranceConnect ? - nouvelle fenêtre"
        >
          Qu’est-ce que FranceConnect ?<span className="visually-hidden"> (nouvelle fenêtre)</span>
        </a>
      </p>
      <p className="espace-separator" aria-hidden="true">
        <span>ou</span>
      </p>
    </section>
  );
}
