import type { Metadata } from 'next';
import { orderPageHref, orderPageParam, type SearchParams } from '@/app/_components/page-param';
import { Pagination } from '@/app/_components/pagination';
import { requireRolePage } from '@/lib/pages/page-guard';
import { pageData } from '@/lib/pages/page-data';
import { listLatestOrders } from '@/lib/orders';
import { OrdersTable } from './_components/orders-table';

export const metadata: Metadata = { title: 'Orders' };

export default async function AdminOrdersPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const page = orderPageParam(await searchParams);
  const { ctx } = await requireRolePage('/admin/orders', 'admin');
  const orders = await pageData('/admin/orders', () => listLatestOrders(ctx, page));
  const totalPages = Math.max(1, Math.ceil(orders.total / orders.pageSize));

  return (
    <div className="space-y-6">
      <h1 className="text-3xl font-bold tracking-tight">Orders</h1>
      <p className="text-sm text-zinc-600" data-testid="admin-order-count">
        {orders.total.toLocaleString('en-US')} {orders.total === 1 ? 'order' : 'orders'}, newest first
      </p>
      {orders.items.length > 0 && <OrdersTable orders={orders.items} />}
      <Pagination
        page={Math.min(page, totalPages)}
        totalPages={totalPages}
        hrefForPage={orderPageHref('/admin/orders')}
      />
    </div>
  );
}
