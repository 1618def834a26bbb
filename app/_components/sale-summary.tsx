import Link from 'next/link';
import type { Sale } from '@/lib/sales/types';
import { LocalTime } from './local-time';
import { Price } from './price';
import { TimeLeft } from './time-left';

/*
 * One sale as shoppers see it (/sales): its name and times, then each product with its sale and regular
 * price and the units left. Server-rendered; only the times are filled in by the browser (local zone).
 */

function When({ sale }: { sale: Sale }) {
  if (sale.status === 'scheduled') {
    return (
      <p className="text-sm text-zinc-700">
        Starts <LocalTime iso={sale.startsAt} />, ends <LocalTime iso={sale.endsAt} />
        <TimeLeft iso={sale.startsAt} label="starts in" />
      </p>
    );
  }
  return (
    <p className="text-sm text-zinc-700">
      <span className="font-semibold text-emerald-700">
        {sale.status === 'sold_out' ? 'Sold out' : 'On now'}
      </span>
      {' · '}ends <LocalTime iso={sale.endsAt} />
    </p>
  );
}

export function SaleSummary({ sale }: { sale: Sale }) {
  return (
    <article aria-labelledby={`sale-${sale.id}`} className="rounded-xl border border-zinc-200 bg-white p-5">
      <h2 id={`sale-${sale.id}`} className="text-xl font-semibold">
        {sale.name}
      </h2>
      <When sale={sale} />
      <ul className="mt-4 divide-y divide-zinc-100">
        {sale.items.map((item) => (
          <li key={item.productId} className="flex flex-wrap items-baseline justify-between gap-3 py-2">
            <Link
              prefetch={false}
              href={`/products/${item.slug}`}
              className="font-medium hover:text-brand-700"
            >
              {item.name}
            </Link>
            <span className="flex items-baseline gap-3">
              <Price cents={item.salePriceCents} className="font-semibold text-red-700" />
              <s className="text-sm text-zinc-500" aria-label={`Regular price`}>
                <Price cents={item.priceCents} />
              </s>
              <span className="text-sm text-zinc-600">
                {item.unitsLeft > 0
                  ? `${item.unitsLeft.toLocaleString('en-US')} of ${item.units.toLocaleString('en-US')} left`
                  : 'Sold out'}
                {` · limit ${item.perCustomerLimit} per customer`}
              </span>
            </span>
          </li>
        ))}
      </ul>
    </article>
  );
}
