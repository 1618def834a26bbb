import type { HitRatePoint, MinuteCounts } from '@/lib/admin/stats';
import { percent } from './format';
import { HourAxis } from './hour-axis';

const WIDTH = 640;
const HEIGHT = 200;
const PAD = { left: 44, right: 12, top: 12, bottom: 28 };
const TARGET = 0.9;

const SERIES = [
  { key: 'product', label: 'Product detail', color: 'var(--color-brand-600)' },
  { key: 'listing', label: 'Listings and search', color: 'oklch(0.7 0.15 60)' },
] as const;

/** Line pieces for one series: a minute without reads breaks the line instead of drawing a fake 0 %. */
function segments(points: HitRatePoint[], pick: (point: HitRatePoint) => MinuteCounts): string[] {
  const x = (index: number) =>
    PAD.left + (index / Math.max(1, points.length - 1)) * (WIDTH - PAD.left - PAD.right);
  const y = (rate: number) => PAD.top + (1 - rate) * (HEIGHT - PAD.top - PAD.bottom);
  const pieces: string[] = [];
  let current: string[] = [];
  points.forEach((point, index) => {
    const { rate } = pick(point);
    if (rate === null) {
      if (current.length) pieces.push(current.join(' '));
      current = [];
      return;
    }
    current.push(`${x(index).toFixed(1)},${y(rate).toFixed(1)}`);
  });
  if (current.length) pieces.push(current.join(' '));
  return pieces;
}

const latest = (points: HitRatePoint[], pick: (point: HitRatePoint) => MinuteCounts) =>
  [...points].reverse().find((point) => pick(point).rate !== null);

/** Hit rate per minute over the last hour, all instances together, as an inline SVG (no chart library). */
export function HitRateChart({ points }: { points: HitRatePoint[] }) {
  const y = (rate: number) => PAD.top + (1 - rate) * (HEIGHT - PAD.top - PAD.bottom);
  const summary = SERIES.map(({ key, label }) => {
    const last = latest(points, (point) => point[key]);
    return `${label}: ${last ? percent(last[key].rate) : 'no reads'} in the latest sampled minute`;
  }).join('; ');

  return (
    <figure>
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-labelledby="hit-rate-chart-title hit-rate-chart-desc"
        className="h-auto w-full max-w-3xl rounded-md border border-zinc-200 bg-white"
      >
        <title id="hit-rate-chart-title">Cache hit rate per minute, last hour, all instances</title>
        <desc id="hit-rate-chart-desc">{summary}.</desc>
        {[0, 0.5, 1].map((rate) => (
          <g key={rate}>
            <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y(rate)} y2={y(rate)} stroke="#e4e4e7" />
            <text x={PAD.left - 6} y={y(rate) + 4} textAnchor="end" fontSize="11" fill="#71717a">
              {rate * 100}%
            </text>
          </g>
        ))}
        <line
          x1={PAD.left}
          x2={WIDTH - PAD.right}
          y1={y(TARGET)}
          y2={y(TARGET)}
          stroke="#16a34a"
          strokeDasharray="4 4"
        />
        <text x={WIDTH - PAD.right} y={y(TARGET) - 4} textAnchor="end" fontSize="11" fill="#16a34a">
          target 90%
        </text>
        {SERIES.map(({ key, color }) =>
          segments(points, (point) => point[key]).map((line, index) => (
            <polyline key={`${key}-${index}`} points={line} fill="none" stroke={color} strokeWidth="2" />
          )),
        )}
        <HourAxis left={PAD.left} right={WIDTH - PAD.right} y={HEIGHT - 8} />
      </svg>
      <figcaption className="mt-2 flex flex-wrap gap-4 text-sm text-zinc-600">
        {SERIES.map(({ key, label, color }) => (
          <span key={key} className="inline-flex items-center gap-2">
            <span aria-hidden="true" className="inline-block h-0.5 w-5" style={{ background: color }} />
            {label}
          </span>
        ))}
        <span>Minutes without reads leave a gap.</span>
      </figcaption>
    </figure>
  );
}
