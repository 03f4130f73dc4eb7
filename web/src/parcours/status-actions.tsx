/** The référent's actions on the parcours: suspend, resume, close. */
import { useState } from 'react';
import { useApiMutation } from '../api/queries';
import { ProblemSummary, TextArea } from '../components/form';
import { links } from '../router';
import type { Parcours } from './parcours-types';

const SUSPEND_REASON = { path: 'suspend.reason', label: 'Motif de la suspension' };

export function StatusActions({ p, onDone }: { p: Parcours; onDone: (message: string) => void }) {
  const [reason, setReason] = useState('');
  const [suspending, setSuspending] = useState(false);
  const { run, problem, errorOf } = useApiMutation(
    (api, { path, body }: { path: string; body: unknown; message: string }) => api.post(`/api/parcours/${p.id}/${path}`, body),
    {
      onSuccess: (_answer, { message }) => {
        setSuspending(false);
        setReason('');
        onDone(message);
      },
      focusOnProblem: false,
    },
  );
  const act = (path: string, body: unknown, message: string) => run({ path, body, message });
  return (
    <div className="no-print">
      <ProblemSummary problem={problem} labels={{ reason: 'Motif' }} />
      <div className="button-row">
        {p.status === 'active' && !suspending ? (
          <button type="button" className="button button--secondary" onClick={() => setSuspending(true)}>
            Suspendre le parcours
          </button>
        ) : null}
        {p.status === 'suspended' ? (
          <button type="button" className="button button--secondary" onClick={() => act('resume', {}, 'Le parcours a repris.')}>
            Reprendre le parcours
          </button>
        ) : null}
        <a className="button button--secondary" href={links.closeParcours(p.id)}>
          Clôturer le parcours
        </a>
      </div>
      {suspending ? (
        <form
          className="form card"
          aria-label="Suspendre le parcours"
          onSubmit={(event) => {
            event.preventDefault();
            void act('suspend', { reason }, 'Le parcours est suspendu.');
          }}
        >
          <TextArea {...SUSPEND_REASON} value={reason} onChange={setReason} required error={errorOf('reason')} />
          <div className="form-actions">
            <button type="submit" className="button">
              Suspendre
            </button>
            <button type="button" className="button button--tertiary" onClick={() => setSuspending(false)}>
              Annuler
            </button>
          </div>
        </form>
      ) : null}
    </div>
  );
}
