import Link from 'next/link';
import { OrderStatusBadge, OrderTime } from '@/app/_components/order-facts';
import { orderPageHref } from '@/app/_components/page-param';
import { Pagination } from '@/app/_components/pagination';
import { Price } from '@/app/_components/price';
import type { OrderPage } from '@/lib/orders';

/** The user's orders, newest first, each a link to its page; null when they cannot be read right now. */
export function OrderHistory({ orders }: { orders: OrderPage | null }) {
  if (!orders) {
    return (
      <p role="alert" className="text-zinc-600">
        Your orders can&rsquo;t be shown right now. Please try again shortly.
      </p>
    );
  }
  if (orders.total === 0) return <p className="text-zinc-600">You have not placed any orders yet.</p>;
  const totalPages = Math.max(1, Math.ceil(orders.total / orders.pageSize));
  return (
    <>
      <ul aria-label="Your orders" className="divide-y divide-zinc-200 border-y border-zinc-200">
        {orders.items.map((order) => (
          <li key={order.id} className="flex flex-wrap items-center gap-x-4 gap-y-1 py-3">
            <Link href={`/orders/${order.id}`} className="font-medium text-brand-700 hover:underline">
              Order #{order.id}
            </Link>
            <span className="text-sm text-zinc-600">
              <OrderTime iso={order.createdAt} />
            </span>
            <OrderStatusBadge status={order.status} />
            <Price cents={order.totalCents} className="ml-auto font-semibold" />
          </li>
        ))}
      </ul>
      <Pagination
        page={Math.min(orders.page, totalPages)}
        totalPages={totalPages}
        hrefForPage={orderPageHref('/account', '#orders')}
      />
    </>
  );
}
