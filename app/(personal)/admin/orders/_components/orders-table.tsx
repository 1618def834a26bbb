import Link from 'next/link';
import { OrderStatusBadge, OrderTime } from '@/app/_components/order-facts';
import { Price } from '@/app/_components/price';
import type { AdminOrderSummary } from '@/lib/orders';
import { CancelOrderForm } from './cancel-order-form';

const cell = 'px-3 py-2';

/** The latest orders, each with whose it is and, while it is placed, its "Cancel order" button. */
export function OrdersTable({ orders }: { orders: AdminOrderSummary[] }) {
  return (
    <div className="overflow-x-auto rounded-lg border border-zinc-200 bg-white">
      <table className="w-full text-left text-sm">
        <thead className="border-b border-zinc-200 bg-zinc-50 text-zinc-600">
          <tr>
            <th className={`${cell} font-medium`}>Order</th>
            <th className={`${cell} font-medium`}>Customer</th>
            <th className={`${cell} text-right font-medium`}>Items</th>
            <th className={`${cell} text-right font-medium`}>Total</th>
            <th className={`${cell} font-medium`}>Status</th>
            <th className={`${cell} font-medium`}>Placed</th>
            <th className={cell}>
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {orders.map((order) => (
            <tr key={order.id} data-testid="admin-order" className="border-b border-zinc-100 last:border-0">
              <th scope="row" className={`${cell} font-medium`}>
                <Link
                  id={`order-${order.id}`}
                  href={`/orders/${order.id}`}
                  className="text-brand-700 hover:underline"
                >
                  Order #{order.id}
                </Link>
              </th>
              <td className={`${cell} text-zinc-700`}>{order.userEmail}</td>
              <td className={`${cell} text-right tabular-nums`}>{order.itemCount}</td>
              <td className={`${cell} text-right`}>
                <Price cents={order.totalCents} />
              </td>
              <td className={cell}>
                <OrderStatusBadge status={order.status} />
              </td>
              <td className={`${cell} whitespace-nowrap text-zinc-600`}>
                <OrderTime iso={order.createdAt} />
              </td>
              <td className={`${cell} text-right`}>
                {order.status === 'placed' && <CancelOrderForm orderId={order.id} />}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
