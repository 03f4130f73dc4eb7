/**
 * `#/acces` (coordination): the « accès exceptionnels » opened to persons' files, newest first,
 * each with who opened it, why and until when (SECURITY.md: shown to the coordinator at once);
 * and, for a person, the journal of every read and change of her file with the verification of
 * its chain (ADR 0016). The coordinator never sees the files themselves: ids, not names.
 */
import { useId, useState } from 'react';
import { useApiQuery } from '../api/queries';
import { PageHeading } from '../components/page-heading';
import { ErrorNotice, Loading } from '../components/status';
import { useDirectory } from '../directory/directory-data';
import { EXCEPTIONAL_REASONS } from '../intake/exceptional-access';
import { formatDateTime } from '../labels';
import { PersonSignals } from './person-signals';

interface ExceptionalAccessRow {
  id: string;
  personId: string;
  grantedTo: { userId: string; name: string; organisationId: string; role: string | null };
  reason: string;
  details: string;
  grantedAt: string;
  grantedUntil: string;
  active: boolean;
}

interface AuditRow {
  seq: number;
  at: string;
  actor: { userId: string; name: string; organisationId: string | null; role: string | null };
  action: string;
  route: string;
  purpose: string;
  exceptional?: boolean;
  reason?: string;
}

const reasonLabel = (reason: string | undefined) => EXCEPTIONAL_REASONS.find(([value]) => value === reason)?.[1] ?? reason ?? '';
const ACTIONS: Record<string, string> = {
  read: 'lecture',
  create: 'création',
  update: 'modification',
  erase: 'effacement',
  export: 'export',
  'exceptional-access': 'ouverture d’un accès exceptionnel',
};
const PURPOSES: Record<string, string> = {
  accueil: 'accueil',
  orientation: 'orientation',
  accompagnement: 'accompagnement (parcours)',
  controle: 'contrôle par la coordination',
  'verification-doublon': 'recherche de doublon',
  'demande-de-la-personne': 'à la demande de la personne',
};

function PersonJournal({ personId }: { personId: string }) {
  const { data } = useDirectory();
  const organisationName = (id: string | null) => (id && data.status === 'ready' ? data.organisationName(id) : '');
  const { state: journal } = useApiQuery<{ items: AuditRow[] }>(`/api/audit?personId=${personId}&limit=50`);
  const { state: verification } = useApiQuery<{ ok: boolean; entries: number; brokenAt?: number }>(
    `/api/audit/verify?personId=${personId}`,
  );
  const captionId = useId();
  return (
    <section aria-labelledby={captionId} data-testid="person-journal">
      <h2 id={captionId}>Journal des accès au dossier {personId}</h2>
      {verification.status === 'ready' ? (
        verification.value.ok ? (
          <p className="notice notice--info" data-testid="journal-verification">
            Journal intègre : {verification.value.entries} entrée(s), aucune modifiée ni supprimée.
          </p>
        ) : (
          <ErrorNotice>
            Journal altéré : l’entrée n° {verification.value.brokenAt} et les suivantes ne sont plus fiables (modifiée ou supprimée).
          </ErrorNotice>
        )
      ) : null}
      {journal.status === 'loading' ? <Loading>Chargement du journal…</Loading> : null}
      {journal.status === 'failed' ? <ErrorNotice>{journal.message}</ErrorNotice> : null}
      {journal.status === 'ready' ? (
        <table className="data-table">
          <caption className="visually-hidden">Lectures et modifications du dossier, des plus récentes aux plus anciennes</caption>
          <thead>
            <tr>
              <th scope="col">Quand</th>
              <th scope="col">Qui</th>
              <th scope="col">Quoi</th>
              <th scope="col">Pourquoi</th>
            </tr>
          </thead>
          <tbody>
            {journal.value.items.map((e) => (
              <tr key={e.seq} data-testid="journal-row" data-exceptional={e.exceptional ? 'true' : 'false'}>
                <td>{formatDateTime(e.at)}</td>
                <td>
                  {e.actor.name}
                  {e.actor.organisationId ? ` (${organisationName(e.actor.organisationId)})` : ''}
                </td>
                <td>{ACTIONS[e.action] ?? e.action}</td>
                <td>
                  {e.exceptional ? <strong>Accès exceptionnel : {reasonLabel(e.reason)}</strong> : (PURPOSES[e.purpose] ?? e.purpose)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}

export function AccessLogPage() {
  const { data } = useDirectory();
  const organisationName = (id: string) => (data.status === 'ready' ? data.organisationName(id) : '');
  const { state } = useApiQuery<{ items: ExceptionalAccessRow[] }>('/api/exceptional-accesses?limit=100');
  const [personId, setPersonId] = useState<string | null>(null);
  const captionId = useId();

  return (
    <>
      <PageHeading title="Accès exceptionnels" />
      <p className="hint">
        Chaque accès exceptionnel ouvre pour 24 heures le dossier d’une personne qui n’a pas donné son accord de partage. Vérifiez que le
        motif le justifie ; la personne le voit aussi dans son espace.
      </p>
      {state.status === 'loading' ? <Loading>Chargement des accès exceptionnels…</Loading> : null}
      {state.status === 'failed' ? <ErrorNotice>{state.message}</ErrorNotice> : null}
      {state.status === 'ready' && state.value.items.length === 0 ? <p>Aucun accès exceptionnel sur les douze derniers mois.</p> : null}
      {state.status === 'ready' && state.value.items.length > 0 ? (
        <table className="data-table" aria-labelledby={captionId}>
          <caption id={captionId}>Accès exceptionnels, des plus récents aux plus anciens</caption>
          <thead>
            <tr>
              <th scope="col">Ouvert le</th>
              <th scope="col">Par</th>
              <th scope="col">Motif</th>
              <th scope="col">Jusqu’au</th>
              <th scope="col">Dossier</th>
            </tr>
          </thead>
          <tbody>
            {state.value.items.map((a) => (
              <tr key={a.id} data-testid="exceptional-access-row">
                <td>{formatDateTime(a.grantedAt)}</td>
                <td>
                  {a.grantedTo.name} ({organisationName(a.grantedTo.organisationId)})
                </td>
                <td>
                  <strong>{reasonLabel(a.reason)}</strong>
                  <br />
                  {a.details}
                </td>
                <td>
                  {formatDateTime(a.grantedUntil)}
                  {a.active ? ' (en cours)' : ''}
                </td>
                <td>
                  <button type="button" className="button button--secondary" onClick={() => setPersonId(a.personId)}>
                    Journal du dossier
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <PersonSignals onJournal={setPersonId} />
      {personId ? <PersonJournal key={personId} personId={personId} /> : null}
    </>
  );
}
