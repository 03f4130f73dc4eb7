import { useState } from 'react';
import './espace-pages.css';
import './file-pages.css';
import { messageOf, request } from '../api/http';

/** Saves the file the API answered (a download, no new tab). */
function save(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** « Télécharger mes données »: one button, a ZIP with her file (PDF) and all her data (JSON), issue 15 point 5. */
export function MyDataPage({ token }: { token: string }) {
  const [state, setState] = useState<{ kind: 'idle' | 'busy' | 'done' } | { kind: 'error'; text: string }>({ kind: 'idle' });
  const download = async () => {
    setState({ kind: 'busy' });
    try {
      const response = await request('/api/me/person/export', { token });
      save(await response.blob(), 'mes-donnees-relais.zip');
      setState({ kind: 'done' });
    } catch (e) {
      setState({ kind: 'error', text: messageOf(e) });
    }
  };
  return (
    <div className="espace-page">
      <h1>Télécharger mes données</h1>
      <p>Vous recevez un fichier ZIP. Il contient :</p>
      <ul>
        <li>mon dossier à lire ou à imprimer (PDF) ;</li>
        <li>toutes mes données dans le réseau, pour les garder ou les donner à un autre service (JSON).</li>
      </ul>
      <button type="button" className="espace-button" onClick={download} disabled={state.kind === 'busy'}>
        {state.kind === 'busy' ? 'Préparation…' : 'Télécharger mes données'}
      </button>
      {state.kind === 'done' ? (
        <p className="espace-done" role="status">
          Le fichier est téléchargé.
        </p>
      ) : null}
      {state.kind === 'error' ? (
        <p className="espace-error" role="alert">
          Le fichier n’a pas pu être préparé : {state.text}
        </p>
      ) : null}
    </div>
  );
}
