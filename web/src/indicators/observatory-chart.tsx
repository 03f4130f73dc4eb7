import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from 'chart.js';
import { useEffect, useId, useMemo, useRef } from 'react';
import { formatInteger } from '../labels';

// Only what the observatory draws: bars, lines, their scales, legend and tooltips.
Chart.register(BarController, BarElement, LineController, LineElement, PointElement, CategoryScale, LinearScale, Legend, Tooltip);

export interface ChartRow {
  key: string;
  label: string;
  count: number;
  previous: number;
}

const CURRENT = '#000091';
const PREVIOUS = '#8585f6';

/**
 * A chart of the observatory with this year and the previous one, and the same figures as a
 * table (the accessible alternative, also what a screen reader reads first).
 */
export function ObservatoryChart({
  title,
  rows,
  year,
  kind = 'bar',
  horizontal = false,
  limit = 12,
  testId,
}: {
  title: string;
  rows: readonly ChartRow[];
  year: number;
  kind?: 'bar' | 'line';
  horizontal?: boolean;
  limit?: number;
  testId: string;
}) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const titleId = useId();
  const shown = useMemo(() => rows.slice(0, limit), [rows, limit]);

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas || shown.length === 0) return;
    const chart = new Chart(canvas, {
      type: kind,
      data: {
        labels: shown.map((r) => (r.label.length > 40 ? `${r.label.slice(0, 38)}…` : r.label)),
        datasets: [
          { label: String(year), data: shown.map((r) => r.count), backgroundColor: CURRENT, borderColor: CURRENT },
          { label: String(year - 1), data: shown.map((r) => r.previous), backgroundColor: PREVIOUS, borderColor: PREVIOUS },
        ],
      },
      options: {
        indexAxis: horizontal ? 'y' : 'x',
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: { [horizontal ? 'x' : 'y']: { beginAtZero: true, ticks: { precision: 0 } } },
        plugins: { legend: { position: 'bottom' } },
      },
    });
    return () => chart.destroy();
  }, [shown, kind, horizontal, year]);

  return (
    <figure className="chart" aria-labelledby={titleId} data-testid={testId}>
      <figcaption id={titleId} className="chart__title">
        {title}
      </figcaption>
      {shown.length === 0 ? (
        <p className="muted">Aucune donnée pour cette année.</p>
      ) : (
        <>
          <div className="chart__canvas" style={{ height: horizontal ? `${Math.max(12, shown.length * 2.2)}rem` : '18rem' }}>
            <canvas ref={canvasRef} role="img" aria-label={`${title} : graphique, les chiffres sont dans le tableau qui suit`} />
          </div>
          <details className="chart__table">
            <summary>Voir les chiffres en tableau</summary>
            <table className="table">
              <caption className="visually-hidden">{title}</caption>
              <thead>
                <tr>
                  <th scope="col">Libellé</th>
                  <th scope="col">{year}</th>
                  <th scope="col">{year - 1}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.key}>
                    <th scope="row">{r.label}</th>
                    <td className="number">{formatInteger(r.count)}</td>
                    <td className="number">{formatInteger(r.previous)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        </>
      )}
    </figure>
  );
}
