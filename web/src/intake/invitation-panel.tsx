import { useState } from 'react';
import { useApiMutation } from '../api/queries';
import { QrCode } from '../components/qr-code';
import './invitation-panel.css';

interface Invitation {
  link: string;
  expiresAt: string;
  sentBySms: boolean;
}

const until = (iso: string) =>
  new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', dateStyle: 'full', timeStyle: 'short' }).format(new Date(iso));

/**
 * « Inviter dans Mon espace » (issue 15, ADR 0036): a professional who reads the person's whole
 * file gives her a single-use link to her own space — sent by SMS to the phone on her record, or
 * shown here as a QR code with the link printed under it, to print and hand her. The server decides who
 * may (`person.invite`); a refusal is said as it answers.
 */
export function InvitationPanel({ personId, hasPhone }: { personId: string; hasPhone: boolean }) {
  const [bySms, setBySms] = useState(false);
  const write = useApiMutation((api, body: { sendBySms: boolean }) => api.post<Invitation>(`/api/persons/${personId}/invitation`, body), {
    focusOnProblem: false,
  });
  const invitation = write.result;
  return (
    <div className="invitation-panel" data-testid="invitation">
      <p>La personne peut voir son dossier sur son téléphone, dans « Mon espace ». Le lien ne sert qu’une fois.</p>
      {hasPhone ? (
        <div className="field field--checkbox">
          <input id={`invite-sms-${personId}`} type="checkbox" checked={bySms} onChange={(e) => setBySms(e.target.checked)} />
          <label htmlFor={`invite-sms-${personId}`}>Envoyer aussi le lien par SMS à son numéro</label>
        </div>
      ) : null}
      <div className="button-row">
        <button type="button" className="button button--secondary" disabled={write.busy} onClick={() => write.run({ sendBySms: bySms })}>
          {write.busy ? 'Création…' : 'Créer le lien d’invitation'}
        </button>
      </div>
      {write.error ? (
        <p className="notice notice--error" role="alert">
          {write.error}
        </p>
      ) : null}
      {invitation ? (
        <div className="invitation-panel__result" role="status">
          <p>
            {invitation.sentBySms ? 'Le lien est envoyé par SMS. ' : ''}À remettre à la personne, valable jusqu’au{' '}
            {until(invitation.expiresAt)} :
          </p>
          <QrCode text={invitation.link} label="Code QR du lien d’invitation (le lien est écrit en dessous)" testId="invitation-qr" />
          <p className="invitation-panel__link" data-testid="invitation-link">
            {invitation.link}
          </p>
          <div className="button-row">
            <button type="button" className="button button--tertiary" onClick={() => window.print()}>
              Imprimer
            </button>
          </div>
        </div>
      ) : null}
    </div>
  );
}
