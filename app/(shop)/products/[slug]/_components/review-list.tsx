import type { Review } from '@/lib/catalog/types';
import { RatingStars } from '@/app/_components/rating-stars';

// Dates are formatted on the server in UTC so every visitor sees the same day.
const dateFormat = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' });

export function ReviewList({ reviews }: { reviews: Review[] }) {
  if (reviews.length === 0) return null;
  return (
    <ul className="divide-y divide-zinc-200">
      {reviews.map((review) => (
        <li key={review.id} className="py-5">
          <article>
            <header className="flex flex-wrap items-center gap-x-3 gap-y-1">
              <RatingStars value={review.rating} />
              <h3 className="font-medium">{review.author}</h3>
              <time dateTime={review.createdAt} className="text-sm text-zinc-600">
                {dateFormat.format(new Date(review.createdAt))}
              </time>
            </header>
            <p className="mt-2 whitespace-pre-line text-zinc-700">{review.body}</p>
          </article>
        </li>
      ))}
    </ul>
  );
}
