import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound, unstable_rethrow } from 'next/navigation';
import { isOutage } from '@/lib/errors';
import { pageData } from '@/lib/pages/page-data';
import { requireSignedInPage, type PageAccess } from '@/lib/pages/page-guard';
import {
  linePageSale,
  lineStandingOf,
  saleLineRecord,
  type LinePageSale,
  type LineStanding,
} from '@/lib/pages/queue-data';
import { MIN_RETRY_SECONDS } from '@/lib/queue';
import { JoinLineForm } from '../_components/join-line-form';
import { LineFollower } from '../_components/line-follower';
import { refreshSeconds } from '../_components/line-copy';
import { RefreshEvery } from '../_components/refresh-every';

// About one visitor: rendered per request, nothing of it shared or cached. Its redirects and its 404 are
// decided before rendering, by proxy.ts (lib/pages/page-gate.ts), so their HTTP status is true.
export const instant = false;

export const metadata: Metadata = { title: 'Your place in line', robots: { index: false } };

interface LinePageProps {
  params: Promise<{ saleId: string }>;
}

/**
 * /queue/[saleId]: where the signed-in shopper stands in a queued sale's line, followed without a reload
 * (../_components/line-follower.tsx), and by a meta refresh without JavaScript. Redis away never makes it
 * an error page: the line is paused, the shopper's place kept, and the page keeps asking.
 */
export default async function LinePage({ params }: LinePageProps) {
  const { saleId } = await params;
  const path = `/queue/${encodeURIComponent(saleId)}`;
  const access = await viewerOrPaused(path);
  const record = await pageData(path, () => saleLineRecord(saleId));
  if (!record) notFound();
  const sale = linePageSale(record);
  const standing: LineStanding = access
    ? await lineStandingOf(record, access.session.userId)
    : { kind: 'unknown' };

  return (
    <div className="mx-auto max-w-2xl space-y-8">
      <SaleHeading sale={sale} />
      <section aria-label="Your place in line" className="rounded-lg border border-zinc-200 bg-white p-6">
        <StandingView sale={sale} standing={standing} />
      </section>
      <p className="text-sm text-zinc-600">
        Keep this page open: it follows the line by itself and takes you to{' '}
        {sale.products.length > 1 ? 'the sale' : 'the product'} when it is your turn. Places are given at the
        start by a published, seeded draw (
        <Link href={`/api/sales/${sale.id}`} prefetch={false} className="underline">
          the sale&rsquo;s seed
        </Link>
        ), then in the order shoppers joined.
      </p>
    </div>
  );
}

/** The signed-in viewer; null when their session cannot be read now (Redis away): the page says paused. */
async function viewerOrPaused(path: string): Promise<PageAccess | null> {
  try {
    return await requireSignedInPage(path);
  } catch (error) {
    unstable_rethrow(error); // the login redirect
    if (!isOutage(error)) throw error;
    return null;
  }
}

function SaleHeading({ sale }: { sale: LinePageSale }) {
  return (
    <div>
      <p className="text-sm font-semibold text-rose-700">Waiting room</p>
      <h1 className="text-3xl font-bold tracking-tight">{sale.name}</h1>
      <ul className="mt-2 space-y-1">
        {sale.products.map((product) => (
          <li key={product.slug}>
            <Link href={product.href} prefetch={false} className="font-medium text-brand-700 underline">
              {product.name}
            </Link>
          </li>
        ))}
      </ul>
    </div>
  );
}

function StandingView({ sale, standing }: { sale: LinePageSale; standing: LineStanding }) {
  switch (standing.kind) {
    case 'in-line': {
      const state = { ...standing.status, paused: standing.paused };
      return (
        <>
          <MetaRefresh seconds={refreshSeconds(state)} />
          <LineFollower sale={sale} initial={state} />
        </>
      );
    }
    case 'unknown':
      return (
        <>
          <MetaRefresh seconds={MIN_RETRY_SECONDS} />
          <RefreshEvery seconds={MIN_RETRY_SECONDS} />
          <p role="status" className="text-lg font-medium text-amber-900">
            The line is paused for a moment; your place is kept.
          </p>
          <p className="mt-2 text-zinc-600">This page checks again by itself.</p>
        </>
      );
    case 'not-joined':
      if (sale.status === 'ended' || sale.status === 'sold_out') {
        return (
          <h2 className="text-2xl font-semibold">
            {sale.status === 'ended' ? 'This sale has ended' : 'Sold out: every unit of this sale is gone'}
          </h2>
        );
      }
      return (
        <div className="space-y-3">
          <h2 className="text-2xl font-semibold">You&rsquo;re not in this line yet</h2>
          <p className="text-zinc-700">
            {sale.status === 'scheduled'
              ? 'Join before the start: everyone who does gets a place by a fair draw at the start.'
              : 'Join now: you take the next place at the back of the line.'}
          </p>
          <JoinLineForm saleId={sale.id} />
        </div>
      );
  }
}

/**
 * Without JavaScript the page asks again by itself at the server's interval. Inside <noscript>: with
 * JavaScript it is inert text, and the follower keeps the page current instead.
 */
function MetaRefresh({ seconds }: { seconds: number | null }) {
  if (seconds === null) return null;
  return (
    <noscript>
      <meta httpEquiv="refresh" content={String(seconds)} />
    </noscript>
  );
}
