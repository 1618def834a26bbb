'use client';

import Link from 'next/link';
import { useEffect, useState } from 'react';
import type { Sale } from '@/lib/sales/types';
import { LocalTime } from './local-time';
import { Price } from './price';
import { useClock } from './time-left';

/*
 * The home page's banner: the sale on now, else the next one. The cached home page carries the sales as
 * they were when it was rendered (which is what a browser without JavaScript shows); the browser then
 * asks `GET /api/sales` for the latest and picks again every second by its own clock, so a start or an
 * end shows without a reload and a cached page never announces a sale that is over.
 */

const REFRESH_MS = 30_000;

const isOn = (sale: Sale, now: number | null) =>
  now === null ? sale.status !== 'scheduled' : Date.parse(sale.startsAt) <= now;

/** The sale to show: one that is live (or sold out) first, else the soonest to start; by status before hydration. */
function pick(sales: readonly Sale[], now: number | null): Sale | undefined {
  const current = sales.filter(
    (sale) => sale.status !== 'ended' && (now === null || Date.parse(sale.endsAt) > now),
  );
  const on = current.find((sale) => isOn(sale, now));
  return on ?? [...current].sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt))[0];
}

function useLatestSales(initial: Sale[]): Sale[] {
  const [sales, setSales] = useState(initial);
  useEffect(() => {
    const controller = new AbortController();
    const load = () =>
      fetch('/api/sales', { signal: controller.signal })
        .then((response) => (response.ok ? (response.json() as Promise<{ items: Sale[] }>) : null))
        .then((answer) => answer && setSales(answer.items))
        .catch(() => {}); // an outage or a navigation away: the page's copy stays
    void load();
    const timer = setInterval(load, REFRESH_MS);
    return () => {
      controller.abort();
      clearInterval(timer);
    };
  }, []);
  return sales;
}

export function SaleBanner({ initial }: { initial: Sale[] }) {
  const sales = useLatestSales(initial);
  const now = useClock();
  const sale = pick(sales, now);
  const item = sale?.items[0];
  if (!sale || !item) return null;
  const on = isOn(sale, now);
  return (
    <section
      aria-labelledby="sale-banner-heading"
      className="flex flex-wrap items-center justify-between gap-4 rounded-2xl border-2 border-red-200 bg-red-50 px-6 py-5"
    >
      <div>
        <h2 id="sale-banner-heading" className="text-xl font-bold text-red-800">
          {on ? 'On sale now' : 'Next sale'}: {sale.name}
        </h2>
        <p className="mt-1 text-sm text-red-900">
          {on ? 'Until ' : 'Starts '}
          <LocalTime iso={on ? sale.endsAt : sale.startsAt} />
        </p>
      </div>
      <p className="flex flex-wrap items-baseline gap-3">
        <Link
          prefetch={false}
          href={`/products/${item.slug}`}
          className="font-semibold text-red-800 underline hover:text-red-900"
        >
          {item.name}
        </Link>
        <Price cents={item.salePriceCents} className="font-bold text-red-700" />
        <s className="text-sm text-zinc-600">
          <Price cents={item.priceCents} />
        </s>
        <Link prefetch={false} href="/sales" className="text-sm font-medium text-red-800 hover:underline">
          All sales
        </Link>
      </p>
    </section>
  );
}
