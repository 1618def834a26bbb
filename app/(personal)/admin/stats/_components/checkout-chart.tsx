import type { CheckoutMinute } from '@/lib/admin/stats';
import { count } from './format';
import { HourAxis } from './hour-axis';

const WIDTH = 640;
const HEIGHT = 160;
const PAD = { left: 44, right: 12, top: 12, bottom: 28 };

const PLACED = { label: 'Orders placed', color: 'var(--color-brand-600)' };
const SOLD_OUT = { label: 'Sold-out refusals', color: 'oklch(0.7 0.15 60)' };

const minuteLabel = (at: number) => new Date(at).toISOString().slice(11, 16);

/**
 * Checkouts per minute over the last hour, all instances: a stacked bar per minute (placed below,
 * sold-out refusals above) as an inline SVG like the hit-rate chart, the hour's totals in words, and the
 * busy minutes as a table for whoever cannot see the bars.
 */
export function CheckoutChart({ minutes }: { minutes: CheckoutMinute[] }) {
  const placed = minutes.reduce((sum, minute) => sum + minute.placed, 0);
  const soldOut = minutes.reduce((sum, minute) => sum + minute.soldOut, 0);
  const peak = Math.max(1, ...minutes.map((minute) => minute.placed + minute.soldOut));
  const slot = (WIDTH - PAD.left - PAD.right) / Math.max(1, minutes.length);
  const height = (value: number) => (value / peak) * (HEIGHT - PAD.top - PAD.bottom);
  const base = HEIGHT - PAD.bottom;
  const busy = minutes.filter((minute) => minute.placed + minute.soldOut > 0).reverse();

  return (
    <figure className="space-y-2">
      <p>
        <span className="text-3xl font-semibold tabular-nums" data-testid="checkouts-placed">
          {count(placed)}
        </span>{' '}
        <span className="text-sm text-zinc-600">orders placed</span> ·{' '}
        <span className="text-3xl font-semibold tabular-nums" data-testid="checkouts-sold-out">
          {count(soldOut)}
        </span>{' '}
        <span className="text-sm text-zinc-600">sold-out refusals in the last hour</span>
      </p>
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-labelledby="checkout-chart-title"
        className="h-auto w-full max-w-3xl rounded-md border border-zinc-200 bg-white"
      >
        <title id="checkout-chart-title">
          {`Checkouts per minute, last hour, all instances: ${placed} placed, ${soldOut} refused as sold out; busiest minute ${peak}`}
        </title>
        <line x1={PAD.left} x2={WIDTH - PAD.right} y1={base} y2={base} stroke="#e4e4e7" />
        <text x={PAD.left - 6} y={PAD.top + 4} textAnchor="end" fontSize="11" fill="#71717a">
          {peak}
        </text>
        <text x={PAD.left - 6} y={base + 4} textAnchor="end" fontSize="11" fill="#71717a">
          0
        </text>
        {minutes.map((minute, index) => {
          const x = PAD.left + index * slot + 1;
          const width = Math.max(1, slot - 2);
          const placedHeight = height(minute.placed);
          const soldOutHeight = height(minute.soldOut);
          return (
            <g key={minute.at}>
              <rect x={x} y={base - placedHeight} width={width} height={placedHeight} fill={PLACED.color} />
              <rect
                x={x}
                y={base - placedHeight - soldOutHeight}
                width={width}
                height={soldOutHeight}
                fill={SOLD_OUT.color}
              />
            </g>
          );
        })}
        <HourAxis left={PAD.left} right={WIDTH - PAD.right} y={HEIGHT - 8} />
      </svg>
      <figcaption className="flex flex-wrap gap-4 text-sm text-zinc-600">
        {[PLACED, SOLD_OUT].map(({ label, color }) => (
          <span key={label} className="inline-flex items-center gap-2">
            <span aria-hidden="true" className="inline-block h-3 w-3" style={{ background: color }} />
            {label}
          </span>
        ))}
      </figcaption>
      {busy.length > 0 && (
        <details className="text-sm">
          <summary className="cursor-pointer text-zinc-700">Minute by minute</summary>
          <table className="mt-2 text-right tabular-nums">
            <thead className="text-zinc-600">
              <tr>
                <th className="px-3 py-1 text-left font-medium">Minute (UTC)</th>
                <th className="px-3 py-1 font-medium">{PLACED.label}</th>
                <th className="px-3 py-1 font-medium">{SOLD_OUT.label}</th>
              </tr>
            </thead>
            <tbody>
              {busy.map((minute) => (
                <tr key={minute.at}>
                  <th scope="row" className="px-3 py-1 text-left font-normal">
                    {minuteLabel(minute.at)}
                  </th>
                  <td className="px-3 py-1">{count(minute.placed)}</td>
                  <td className="px-3 py-1">{count(minute.soldOut)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      )}
    </figure>
  );
}
