import { useId } from 'react';
import * as z from 'zod';
import { useApiMutation } from '../api/queries';
import type { ImportReport } from '../api/types';
import { FormActions, useApiForm } from '../components/api-form';
import { useDownload } from '../components/download';
import { PageHeading } from '../components/page-heading';
import { TableRegion } from '../components/table-region';
import { ErrorNotice, Loading } from '../components/status';
import { formatInteger, parisDay } from '../labels';

type Format = 'data-inclusion' | 'hsds';

const FORMAT_LABELS: Readonly<Record<Format, string>> = { 'data-inclusion': 'data·inclusion', hsds: 'HSDS' };

const KIND_LABELS: Readonly<Record<string, string>> = {
  structure: 'Structure',
  structures: 'Structure',
  service: 'Service',
  services: 'Service',
};

const today = () => parisDay();

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
  const { download, pending: busy, message } = useDownload();
  const start = (format: Format) =>
    download({
      id: format,
      path: `/api/directory/export?format=${format}`,
      filename: `relais-annuaire-${format}-${today()}.json`,
      done: `Export ${FORMAT_LABELS[format]} téléchargé.`,
    });
  return (
    <>
      <div className="button-row">
        {(['data-inclusion', 'hsds'] as const).map((format) => (
          <button key={format} type="button" className="button" disabled={busy !== null} onClick={() => start(format)}>
            {busy === format ? 'Préparation…' : `Exporter (${FORMAT_LABELS[format]})`}
          </button>
        ))}
      </div>
      {message}
    </>
  );
}

/**
 * The import's only field is the file: the browser checks that one is chosen and that it is
 * JSON; the API checks each record of it (data·inclusion's schema) and reports those it refused.
 */
const ImportFileSchema = z.object({
  file: z.custom<FileList>((files) => files instanceof FileList && files.length > 0, { message: 'Choisissez d’abord un fichier.' }),
});

function ImportForm() {
  const importing = useApiMutation((api, body: unknown) => api.post<ImportReport>('/api/directory/import?format=data-inclusion', body), {
    invalidates: () => [['directory'], ['sites'], ['services'], ['organisations']],
    focusOnProblem: false,
  });
  const { busy, result: report } = importing;
  const { form, submit } = useApiForm<{ file: FileList | null }, unknown>({
    defaultValues: { file: null },
    toBody: (d) => d,
    schema: ImportFileSchema,
    write: importing,
    onInvalid: () => document.getElementById(ids.file)?.focus(),
  });
  const fileError = form.formState.errors.file?.message;
  const error = fileError ?? (importing.failure ? importing.error : null);
  const ids = { file: useId(), hint: useId(), report: useId() };
  const { onChange, ...file } = form.register('file');

  const onSubmit = submit(async () => {
    const chosen = form.getValues('file')?.[0];
    if (!chosen) return;
    try {
      importing.run(JSON.parse(await chosen.text()));
    } catch {
      form.setError('file', {
        type: 'json',
        message: 'Ce fichier n’est pas du JSON valide : vérifiez qu’il s’agit bien d’un export data·inclusion.',
      });
    }
  });

  return (
    <>
      <form className="record-form" onSubmit={onSubmit} noValidate>
        <div className="field">
          <label htmlFor={ids.file}>Fichier data·inclusion (JSON)</label>
          <span className="hint" id={ids.hint}>
            Un objet <code>{'{ structures, services }'}</code> au format data·inclusion. Les fiches déjà importées de la même source sont
            mises à jour, les autres créées.
          </span>
          <input
            {...file}
            id={ids.file}
            type="file"
            accept="application/json,.json"
            aria-describedby={ids.hint}
            onChange={(event) => {
              importing.reset();
              form.clearErrors('file');
              void onChange(event);
            }}
          />
        </div>
        <FormActions busy={busy} label="Importer un fichier data·inclusion" busyLabel="Import en cours…" />
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
            <TableRegion
              caption="Fiches refusées et pourquoi"
              columns={['Fiche', 'Position dans le fichier', 'Identifiant d’origine', 'Raisons']}
            >
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
            </TableRegion>
          ) : null}
        </section>
      ) : null}
    </>
  );
}

/** Exchanges with other directories: data·inclusion and HSDS exports, data·inclusion import. */
export function ImportExportPage() {
  const ids = { export: useId(), import: useId() };
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
