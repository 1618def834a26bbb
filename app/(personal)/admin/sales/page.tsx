import type { Metadata } from 'next';
import Link from 'next/link';
import { listAdminSales } from '@/lib/admin';
import { pageData } from '@/lib/pages/page-data';
import { requireRolePage } from '@/lib/pages/page-guard';
import { SalesTable, type SalesTableKind } from './_components/sales-table';

export const metadata: Metadata = { title: 'Sales' };

const SECTIONS: { kind: SalesTableKind; title: string; empty: string }[] = [
  { kind: 'live', title: 'Live', empty: 'No sale is running.' },
  { kind: 'scheduled', title: 'Scheduled', empty: 'No sale is scheduled.' },
  { kind: 'ended', title: 'Ended and cancelled', empty: 'No sale has ended yet.' },
];

const kindOf = (status: string): SalesTableKind =>
  status === 'scheduled' ? 'scheduled' : status === 'live' || status === 'sold_out' ? 'live' : 'ended';

/** The sales, from PostgreSQL (the admin sees the truth): live, scheduled, then ended (latest 100). */
export default async function AdminSalesPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { scheduled } = await searchParams;
  const { ctx } = await requireRolePage('/admin/sales', 'admin');
  const sales = await pageData('/admin/sales', () => listAdminSales(ctx));
  return (
    <div className="space-y-8">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <h1 className="text-3xl font-bold tracking-tight">Sales</h1>
        <Link
          href="/admin/sales/new"
          className="rounded-full bg-brand-600 px-5 py-2 font-semibold text-white hover:bg-brand-700"
        >
          New sale
        </Link>
      </div>
      {scheduled === '1' && (
        <p
          role="status"
          className="rounded-md border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-800"
        >
          The sale is scheduled.
        </p>
      )}
      {SECTIONS.map(({ kind, title, empty }) => {
        const shown = sales.filter((sale) => kindOf(sale.status) === kind);
        return (
          <section key={kind} aria-labelledby={`${kind}-heading`} className="space-y-3">
            <h2 id={`${kind}-heading`} className="text-xl font-semibold">
              {title}
            </h2>
            {shown.length === 0 ? (
              <p className="text-sm text-zinc-600">{empty}</p>
            ) : (
              <SalesTable sales={shown} kind={kind} />
            )}
          </section>
        );
      })}
    </div>
  );
}
