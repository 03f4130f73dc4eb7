/**
 * The observatory's no-show rate (issue 17 point 5, ADR 0039): of the appointments booked for
 * referrals whose outcome the partner gave, the share the person missed without cancelling —
 * for the year, per partner and per theme, as tables (no chart: few rows, and exact numbers).
 */
import { useDirectory } from '../directory/directory-data';
import { formatInteger, formatPercent } from '../labels';

export interface NoShowRow {
  key: string;
  label: string;
  honoured: number;
  missed: number;
  rate: number | null;
}

export interface NoShows {
  honoured: number;
  missed: number;
  rate: number | null;
  byPartner: NoShowRow[];
  byTheme: NoShowRow[];
}

const rate = (value: number | null) => (value === null ? '—' : formatPercent(value));

function NoShowTable({ caption, first, rows, testId }: { caption: string; first: string; rows: readonly NoShowRow[]; testId: string }) {
  return (
    <div className="table-wrapper">
      <table className="table" data-testid={testId}>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{first}</th>
            <th scope="col">Honorés</th>
            <th scope="col">Manqués</th>
            <th scope="col">Taux de rendez-vous manqués</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.key}>
              <th scope="row">{row.label}</th>
              <td>{formatInteger(row.honoured)}</td>
              <td>{formatInteger(row.missed)}</td>
              <td>{rate(row.rate)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function NoShowSection({ noShows, year, headingId }: { noShows: NoShows; year: number; headingId: string }) {
  const { data } = useDirectory();
  const partnerName = (row: NoShowRow) => (data.status === 'ready' ? data.organisationName(row.key) || row.label : row.label);
  const total = noShows.honoured + noShows.missed;
  return (
    <section aria-labelledby={headingId} data-testid="no-shows">
      <h2 id={headingId}>Rendez-vous manqués</h2>
      <p>
        Parmi les rendez-vous pris pour une orientation en {year} et dont le partenaire a dit l’issue, la part où la personne n’est pas
        venue sans avoir annulé : manqués ÷ (honorés + manqués).
      </p>
      {total === 0 ? (
        <p className="muted">Aucun rendez-vous honoré ou manqué en {year}.</p>
      ) : (
        <>
          <p className="lead" data-testid="no-show-rate">
            Taux de rendez-vous manqués : <strong>{rate(noShows.rate)}</strong> ({formatInteger(noShows.missed)} manqués sur{' '}
            {formatInteger(total)})
          </p>
          <NoShowTable
            caption={`Rendez-vous manqués par partenaire, ${year}`}
            first="Partenaire"
            testId="no-shows-partner"
            rows={noShows.byPartner.map((row) => ({ ...row, label: partnerName(row) }))}
          />
          <NoShowTable caption={`Rendez-vous manqués par thème, ${year}`} first="Thème" testId="no-shows-theme" rows={noShows.byTheme} />
        </>
      )}
    </section>
  );
}
