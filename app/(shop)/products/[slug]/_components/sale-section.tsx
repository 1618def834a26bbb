'use client';

import Link from 'next/link';
import { JoinLineForm } from '@/app/(personal)/queue/_components/join-line-form';
import { Price } from '@/app/_components/price';
import { formatCountdown, localTime, useLiveSale, type PageSale } from './use-live-sale';

/**
 * The product page's sale: the sale price beside the regular one (`price` stays the regular price), the
 * units on offer or left, and before the start a countdown to the second. The cached page renders it with
 * the sale's fixed data, so a browser without JavaScript still reads the price and the start (in UTC); the
 * browser then follows the event stream: units left, sold out, the start on the server's clock, the end
 * (the section goes, the regular price stays). A queued sale offers "Join the line" until its start (then
 * the product page itself is behind the line: proxy.ts sends the shopper to /queue/{id}).
 */
export function SaleSection({ productId, slug, sale }: { productId: number; slug: string; sale: PageSale }) {
  const live = useLiveSale(productId, sale);
  if (live.mounted && live.status === 'ended') return null;
  const units = live.unitsLeft ?? sale.units;
  const startsAt = live.mounted
    ? localTime(sale.startsAt)
    : `${sale.startsAt.replace('T', ' ').slice(0, 19)} UTC`;

  return (
    <section aria-label="Flash sale" className="rounded-lg border border-rose-200 bg-rose-50 p-4">
      <p className="flex flex-wrap items-baseline gap-2">
        <span className="font-semibold text-rose-700">Sale price</span>
        <span data-testid="sale-price" className="text-2xl font-bold text-rose-700">
          <Price cents={sale.salePriceCents} />
        </span>
      </p>
      <p data-testid="sale-units-left" className="mt-1 font-medium" aria-live="polite">
        {unitsLine(live.mounted ? live.status : 'scheduled', units, sale.units)}
      </p>
      {(!live.mounted || live.status === 'scheduled') && (
        <p className="mt-1 text-sm text-zinc-700">
          Starts <time dateTime={sale.startsAt}>{startsAt}</time>
          {live.mounted && (
            <>
              {' '}
              — in{' '}
              <span data-testid="sale-countdown" className="font-semibold tabular-nums" role="timer">
                {formatCountdown(live.untilStartMs)}
              </span>
            </>
          )}
        </p>
      )}
      <p className="mt-1 text-sm text-zinc-600">Limit {sale.perCustomerLimit} per customer.</p>
      {sale.queued && (!live.mounted || live.status === 'scheduled') && (
        // The same button for everyone (the page is cached whole): the action knows who pressed it.
        <div className="mt-3 space-y-1">
          <p className="text-sm text-zinc-700">
            This sale has a waiting room: join the line before the start and you get a place by a fair draw
            (signed-in shoppers, one place each).
          </p>
          <JoinLineForm saleId={sale.id} />
        </div>
      )}
      {(!live.mounted || live.status === 'scheduled') && (
        // Sign-ins in the sale's first minute are the rush (docs/capacity.md): invite them before it.
        <p className="mt-2 text-sm text-zinc-700">
          Ready before it opens:{' '}
          <Link
            href={`/login?next=${encodeURIComponent(`/products/${slug}`)}`}
            prefetch={false}
            className="font-medium text-brand-700 underline"
          >
            sign in now
          </Link>{' '}
          and tick “Keep me signed in”, so at the start you only add it to your cart.
        </p>
      )}
    </section>
  );
}

function unitsLine(status: string, left: number, onOffer: number): string {
  if (status === 'sold_out' || (status === 'live' && left <= 0)) return 'Sold out';
  if (status === 'live') return `${left.toLocaleString('en-US')} of ${onOffer.toLocaleString('en-US')} left`;
  return `${onOffer.toLocaleString('en-US')} units on offer`;
}
