import type { Metadata } from 'next';
import Link from 'next/link';
import { getAdminOverview, listRecentAudit } from '@/lib/admin';
import { requireRolePage } from '@/lib/pages/page-guard';
import { AuditTrail } from './_components/audit-trail';

export const metadata: Metadata = { title: 'Dashboard' };

function Count({ label, value, href }: { label: string; value: number; href?: string }) {
  const body = (
    <>
      <dt className="text-sm text-zinc-600">{label}</dt>
      <dd className="mt-1 text-3xl font-semibold tabular-nums">{value.toLocaleString('en-US')}</dd>
    </>
  );
  return (
    <div className="rounded-lg border border-zinc-200 bg-white p-4">
      {href ? (
        <Link href={href} className="block hover:text-brand-700">
          {body}
        </Link>
      ) : (
        body
      )}
    </div>
  );
}

export default async function AdminDashboardPage() {
  const { ctx } = await requireRolePage('/admin', 'admin');
  const [overview, recent] = await Promise.all([getAdminOverview(ctx), listRecentAudit(ctx, 10)]);

  return (
    <div className="space-y-10">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <h1 className="text-3xl font-bold tracking-tight">Admin</h1>
        <div className="flex gap-3">
          <Link
            href="/admin/products/new"
            className="rounded-full bg-brand-600 px-5 py-2 font-semibold text-white hover:bg-brand-700"
          >
            New product
          </Link>
          <Link
            href="/admin/sales"
            className="rounded-full border border-zinc-300 bg-white px-5 py-2 font-semibold hover:border-brand-500"
          >
            Sales
          </Link>
          <Link
            href="/admin/sales/new"
            className="rounded-full border border-zinc-300 bg-white px-5 py-2 font-semibold hover:border-brand-500"
          >
            New sale
          </Link>
          <Link
            href="/admin/stats"
            className="rounded-full border border-zinc-300 bg-white px-5 py-2 font-semibold hover:border-brand-500"
          >
            Operator stats
          </Link>
        </div>
      </div>
      <dl className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <Count label="Products" value={overview.products} href="/admin/products" />
        <Count label="Out of stock" value={overview.outOfStock} />
        <Count label="Categories" value={overview.categories} />
        <Count label="Admin changes, last 24 hours" value={overview.changesLast24h} />
      </dl>
      <section aria-labelledby="recent-heading">
        <h2 id="recent-heading" className="mb-4 text-xl font-semibold">
          Recent changes
        </h2>
        <AuditTrail entries={recent} showProduct />
      </section>
    </div>
  );
}
