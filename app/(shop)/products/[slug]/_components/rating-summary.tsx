import type { RatingSummary as Rating } from '@/lib/catalog/types';
import { RatingStars } from '@/app/_components/rating-stars';

const starLevels = [5, 4, 3, 2, 1] as const;

/** Average, count, and one bar per star level; every bar is also written out as text. */
export function RatingSummary({ rating }: { rating: Rating }) {
  if (rating.count === 0) return <p className="text-zinc-600">No reviews yet.</p>;

  return (
    <div className="grid gap-6 sm:grid-cols-[auto_1fr] sm:gap-10">
      <div>
        <p className="text-4xl font-bold tabular-nums">{rating.average.toFixed(1)}</p>
        <RatingStars value={rating.average} className="mt-1 text-xl" />
        <p className="mt-1 text-sm text-zinc-600">
          {rating.count.toLocaleString('en-US')} {rating.count === 1 ? 'review' : 'reviews'}
        </p>
      </div>
      <ul className="max-w-md space-y-1.5 text-sm">
        {starLevels.map((stars) => {
          const count = rating.byStars[stars - 1] ?? 0;
          const percent = rating.count > 0 ? Math.round((count / rating.count) * 100) : 0;
          return (
            <li key={stars} className="grid grid-cols-[4.5rem_1fr_3.5rem] items-center gap-3">
              <span>{stars === 1 ? '1 star' : `${stars} stars`}</span>
              <span aria-hidden="true" className="h-2.5 overflow-hidden rounded-full bg-zinc-200">
                <span className="block h-full rounded-full bg-star" style={{ width: `${percent}%` }} />
              </span>
              <span className="text-right text-zinc-600 tabular-nums">
                {count.toLocaleString('en-US')}
                <span className="sr-only"> {count === 1 ? 'review' : 'reviews'}</span>
              </span>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
