import type { Metadata } from 'next';
import Link from 'next/link';
import { connection } from 'next/server';
import { SaleSummary } from '@/app/_components/sale-summary';
import { pageData } from '@/lib/pages/page-data';
import { listCurrentSales } from '@/lib/sales';

/*
 * /sales: the live and upcoming sales. Rendered per request (a sale's status and units change by the
 * second), from this instance's registry of sales: memory, no PostgreSQL, no Redis.
 */
export const instant = false;

export const metadata: Metadata = { title: 'Sales' };

export default async function SalesPage() {
  await connection();
  const sales = await pageData('/sales', () => listCurrentSales());
  return (
    <div className="space-y-6">
      <h1 className="text-3xl font-bold tracking-tight">Sales</h1>
      {sales.some((sale) => sale.status === 'scheduled') && (
        // The first minute of a drop is a rush of sign-ins (docs/capacity.md): invite them before it.
        <p className="text-zinc-700">
          Buying in a drop?{' '}
          <Link href="/login?next=%2Fsales" prefetch={false} className="font-medium text-brand-700 underline">
            Sign in before it starts
          </Link>{' '}
          and tick “Keep me signed in”: at the start, the seconds are yours.
        </p>
      )}
      {sales.length === 0 ? (
        <p className="text-zinc-700">No sale is on or coming up right now. Come back soon.</p>
      ) : (
        <ul className="space-y-4">
          {sales.map((sale) => (
            <li key={sale.id}>
              <SaleSummary sale={sale} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
