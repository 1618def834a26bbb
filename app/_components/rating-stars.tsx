const STARS = '★★★★★';

/** Five stars filled to `value` (0..5, fractions allowed), read out as "4.3 out of 5 stars". */
export function RatingStars({ value, className }: { value: number; className?: string }) {
  const clamped = Math.min(5, Math.max(0, value));
  return (
    <span className={`inline-flex items-center ${className ?? ''}`}>
      <span aria-hidden="true" className="relative inline-block leading-none tracking-tight">
        <span className="text-zinc-300">{STARS}</span>
        <span
          className="absolute inset-0 overflow-hidden text-star"
          style={{ width: `${(clamped / 5) * 100}%` }}
        >
          {STARS}
        </span>
      </span>
      <span className="sr-only">{`${clamped.toFixed(1).replace(/\.0$/, '')} out of 5 stars`}</span>
    </span>
  );
}
