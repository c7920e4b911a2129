/** A small SVG bar chart, drawn by hand (no chart library in the bundle). */
export interface Bar {
  label: string;
  value: number;
}

export function BarChart({ bars, height = 150, unit = '', testId, labelEvery = 1 }: { bars: readonly Bar[]; height?: number; unit?: string; testId?: string; labelEvery?: number }) {
  const width = 340;
  const pad = { l: 28, b: 16, t: 8 };
  const max = Math.max(1, ...bars.map((b) => b.value));
  const w = (width - pad.l) / Math.max(1, bars.length);
  const h = height - pad.b - pad.t;
  return (
    <figure className="chart" data-testid={testId} style={{ margin: 0 }}>
      <svg viewBox={`0 0 ${width} ${height}`} role="img">
        <line className="axis" x1={pad.l} y1={pad.t + h} x2={width} y2={pad.t + h} />
        <text x={pad.l - 4} y={pad.t + 8} textAnchor="end">
          {Math.round(max * 10) / 10}
          {unit}
        </text>
        <text x={pad.l - 4} y={pad.t + h} textAnchor="end">
          0
        </text>
        {bars.map((b, i) => {
          const bh = (b.value / max) * h;
          return (
            <g key={`${b.label}-${i}`}>
              <rect className="bar" x={pad.l + i * w + 1} y={pad.t + h - bh} width={Math.max(1, w - 2)} height={bh} data-value={b.value}>
                <title>
                  {b.label}: {b.value}
                  {unit}
                </title>
              </rect>
              {i % labelEvery === 0 && (
                <text x={pad.l + i * w + w / 2} y={height - 6} textAnchor="middle">
                  {b.label}
                </text>
              )}
            </g>
          );
        })}
      </svg>
    </figure>
  );
}
