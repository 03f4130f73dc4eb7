import { type FormEvent, useId, useRef, useState } from 'react';
import { messageOf } from '../api/http';
import type { ImportReport } from '../api/types';
import { useAuth } from '../auth/auth-context';
import { isCoordinator } from '../auth/permissions';
import { PageHeading } from '../components/page-heading';
import { ErrorNotice, Loading, SuccessNotice } from '../components/status';
import { useDirectory } from '../directory/directory-data';
import { formatInteger } from '../labels';

type Format = 'data-inclusion' | 'hsds';

const FORMAT_LABELS: Readonly<Record<Format, string>> = { 'data-inclusion': 'data·inclusion', hsds: 'HSDS' };

const KIND_LABELS: Readonly<Record<string, string>> = {
  structure: 'Structure',
  structures: 'Structure',
  service: 'Service',
  services: 'Service',
};

/** Saves a text as a file, the way the browser downloads. */
function saveFile(text: string, name: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

const today = () => new Date().toISOString().slice(0, 10);

function Counts({ title, counts, feminine }: { title: string; counts: ImportReport['structures']; feminine: boolean }) {
  const e = feminine ? 'e' : '';
  return (
    <li className="kpi">
      <span className="kpi__label">{title}</span>
      <span>
        <strong>{formatInteger(counts.created)}</strong> créé{e}s, <strong>{formatInteger(counts.updated)}</strong> mis
        {feminine ? 'es' : ''} à jour, <strong>{formatInteger(counts.unchanged)}</strong> inchangé{e}s
      </span>
    </li>
  );
}

function ExportButtons() {
  const { fetchRaw } = useAuth();
  const [busy, setBusy] = useState<Format | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  const download = async (format: Format) => {
    setBusy(format);
    setMessage(null);
    try {
      const response = await fetchRaw(`/api/directory/export?format=${format}`);
      const text = await response.text();
      saveFile(text, `relais-annuaire-${format}-${today()}.json`);
      setMessage({ ok: true, text: `Export ${FORMAT_LABELS[format]} téléchargé.` });
    } catch (error) {
      setMessage({ ok: false, text: messageOf(error) });
    } finally {
      setBusy(null);
    }
  };

  return (
    <>
      <div className="button-row">
        {(['data-inclusion', 'hsds'] as const).map((format) => (
          <button key={format} type="button" className="button" disabled={busy !== null} onClick={() => download(format)}>
            {busy === format ? 'Préparation…' : `Exporter (${FORMAT_LABELS[format]})`}
          </button>
        ))}
      </div>
      {message ? message.ok ? <SuccessNotice>{message.text}</SuccessNotice> : <ErrorNotice>{message.text}</ErrorNotice> : null}
    </>
  );
}

function ImportForm() {
  const { send } = useAuth();
  const { reload } = useDirectory();
  const fileRef = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const ids = { file: useId(), hint: useId(), report: useId(), caption: useId() };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const file = fileRef.current?.files?.[0];
    setError(null);
    setReport(null);
    if (!file) {
      setError('Choisissez d’abord un fichier.');
      fileRef.current?.focus();
      return;
    }
    let body: unknown;
    try {
      body = JSON.parse(await file.text());
    } catch {
      setError('Ce fichier n’est pas du JSON valide : vérifiez qu’il s’agit bien d’un export data·inclusion.');
      return;
    }
    setBusy(true);
    try {
      const answer = await send<ImportReport>('/api/directory/import?format=data-inclusion', { method: 'POST', body });
      setReport(answer);
      reload();
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <form className="record-form" onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor={ids.file}>Fichier data·inclusion (JSON)</label>
          <span className="hint" id={ids.hint}>
            Un objet <code>{'{ structures, services }'}</code> au format data·inclusion. Les fiches déjà importées de la même source sont
            mises à jour, les autres créées.
          </span>
          <input
            ref={fileRef}
            id={ids.file}
            type="file"
            accept="application/json,.json"
            aria-describedby={ids.hint}
            onChange={() => {
              setError(null);
              setReport(null);
            }}
          />
        </div>
        <div className="form-actions">
          <button type="submit" className="button" disabled={busy}>
            {busy ? 'Import en cours…' : 'Importer un fichier data·inclusion'}
          </button>
        </div>
      </form>
      {busy ? <Loading>Import en cours…</Loading> : null}
      {error ? <ErrorNotice>{error}</ErrorNotice> : null}
      {report ? (
        <section aria-labelledby={ids.report} data-testid="import-report">
          <h3 id={ids.report}>Résultat de l’import</h3>
          <ul className="kpis">
            <Counts title="Structures" counts={report.structures} feminine />
            <Counts title="Services" counts={report.services} feminine={false} />
            <li className="kpi">
              <span className="kpi__label">Refusées</span>
              <span>
                <strong>{formatInteger(report.rejected.length)}</strong> fiche{report.rejected.length > 1 ? 's' : ''}
              </span>
            </li>
          </ul>
          {report.rejected.length > 0 ? (
            // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard (WCAG 2.1.1)
            <section className="table-wrapper" aria-labelledby={ids.caption} tabIndex={0}>
              <table className="table">
                <caption id={ids.caption}>Fiches refusées et pourquoi</caption>
                <thead>
                  <tr>
                    <th scope="col">Fiche</th>
                    <th scope="col">Position dans le fichier</th>
                    <th scope="col">Identifiant d’origine</th>
                    <th scope="col">Raisons</th>
                  </tr>
                </thead>
                <tbody>
                  {report.rejected.map((row) => (
                    <tr key={`${row.kind}-${row.index}`}>
                      <th scope="row">{KIND_LABELS[row.kind] ?? row.kind}</th>
                      <td>n° {row.index + 1}</td>
                      <td>{[row.source, row.id].filter(Boolean).join(' / ') || '—'}</td>
                      <td>
                        <ul className="plain-list">
                          {row.reasons.map((reason) => (
                            <li key={`${reason.path}-${reason.message}`}>
                              {reason.path ? <code>{reason.path}</code> : null} {reason.message}
                            </li>
                          ))}
                        </ul>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          ) : null}
        </section>
      ) : null}
    </>
  );
}

/** Exchanges with other directories: data·inclusion and HSDS exports, data·inclusion import. */
export function ImportExportPage() {
  const { state } = useAuth();
  const me = state.status === 'signed-in' ? state.me : null;
  const ids = { export: useId(), import: useId() };
  if (!isCoordinator(me)) {
    return (
      <>
        <PageHeading title="Import et export de l’annuaire" />
        <ErrorNotice>Cette page est réservée à la coordination du réseau.</ErrorNotice>
      </>
    );
  }
  return (
    <>
      <PageHeading title="Import et export de l’annuaire" />
      <p className="lead">Échanger l’annuaire avec data·inclusion et les autres annuaires de l’action sociale.</p>
      <section aria-labelledby={ids.export}>
        <h2 id={ids.export}>Exporter</h2>
        <p>Tout l’annuaire (structures et services) dans un fichier JSON.</p>
        <ExportButtons />
      </section>
      <section aria-labelledby={ids.import}>
        <h2 id={ids.import}>Importer</h2>
        <ImportForm />
      </section>
    </>
  );
}
