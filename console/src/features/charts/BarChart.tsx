/**
 * A bar chart: drawn by uPlot (lazy-loaded with the charts page) where the browser has a canvas, and
 * always the same numbers as a table, so screen readers and tests read the values (`data-value`).
 * With the chart drawn the table is visually hidden; without a canvas it is what the page shows.
 */
import { lazy, Suspense, useMemo } from 'react';

export interface Bar {
  label: string;
  value: number;
}

const UPlotBars = lazy(() => import('./UPlotBars.js'));

/** Where there is no 2D canvas (very old WebViews, jsdom), the table alone. */
function canvasAvailable(): boolean {
  try {
    return typeof document !== 'undefined' && !!document.createElement('canvas').getContext('2d');
  } catch {
    return false;
  }
}

export function BarChart({ bars, height = 170, unit = '', testId, labelEvery = 1, title, labelHeader }: {
  bars: readonly Bar[];
  height?: number;
  unit?: string;
  testId?: string;
  labelEvery?: number;
  /** The chart's name: the table's caption and the series name in the legend. */
  title: string;
  /** Header of the label column (时间, 方式, 设备…). */
  labelHeader: string;
}) {
  const draw = useMemo(canvasAvailable, []);
  return (
    <figure className="chart" data-testid={testId} data-drawn-by={draw ? 'uplot' : 'table'} style={{ margin: 0 }}>
      {draw && (
        <Suspense fallback={<div style={{ height }} />}>
          <UPlotBars bars={bars} unit={unit} labelEvery={labelEvery} seriesLabel={title} xLabel={labelHeader} height={height} />
        </Suspense>
      )}
      <table className={draw ? 'sr-only' : 'chart-table'} data-testid={testId ? `${testId}-table` : undefined}>
        <caption>{title}</caption>
        <thead>
          <tr>
            <th scope="col">{labelHeader}</th>
            <th scope="col">{title}</th>
          </tr>
        </thead>
        <tbody>
          {bars.map((b, i) => (
            <tr key={`${b.label}-${i}`} data-value={b.value} data-label={b.label}>
              <th scope="row">{b.label}</th>
              <td>
                {b.value}
                {unit}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
