import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  type ChartConfiguration,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
} from 'chart.js';
import { useEffect, useRef } from 'react';

// Only what the two charts use: bars (distribution), a line with points (monthly average).
Chart.register(BarController, BarElement, CategoryScale, LinearScale, LineController, LineElement, PointElement);

/**
 * A chart drawn on a canvas. The canvas is an image for assistive technologies (its label says
 * what it shows); the figures themselves are in the table that accompanies every chart.
 */
export function ChartCanvas({ config, label, testId }: { config: ChartConfiguration; label: string; testId: string }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!ref.current) return;
    const chart = new Chart(ref.current, {
      ...config,
      options: { ...config.options, animation: false, responsive: true, maintainAspectRatio: false },
    });
    return () => chart.destroy();
  }, [config]);
  return (
    <div className="survey-chart">
      <canvas ref={ref} role="img" aria-label={label} data-testid={testId} />
    </div>
  );
}
