import Link from 'next/link';
import { Price } from '@/app/_components/price';
import type { Order } from '@/lib/orders';

/** The order's lines at the names and prices they were bought at, and its total. */
export function OrderLines({ order }: { order: Order }) {
  return (
    <div className="overflow-x-auto rounded-lg border border-zinc-200 bg-white">
      <table className="w-full text-left text-sm">
        <thead className="border-b border-zinc-200 bg-zinc-50 text-zinc-600">
          <tr>
            <th className="px-3 py-2 font-medium">Product</th>
            <th className="px-3 py-2 text-right font-medium">Quantity</th>
            <th className="px-3 py-2 text-right font-medium">Unit price</th>
            <th className="px-3 py-2 text-right font-medium">Line total</th>
          </tr>
        </thead>
        <tbody>
          {order.items.map((item) => (
            <tr key={item.productId} className="border-b border-zinc-100">
              <th scope="row" className="px-3 py-2 font-medium">
                <Link href={`/products/${item.slug}`} className="text-brand-700 hover:underline">
                  {item.name}
                </Link>
              </th>
              <td data-testid="order-line-quantity" className="px-3 py-2 text-right tabular-nums">
                {item.quantity}
              </td>
              <td className="px-3 py-2 text-right">
                <Price cents={item.unitPriceCents} />
              </td>
              <td className="px-3 py-2 text-right">
                <Price cents={item.quantity * item.unitPriceCents} />
              </td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" colSpan={3} className="px-3 py-3 text-right font-semibold">
              Total
            </th>
            <td data-testid="order-total" className="px-3 py-3 text-right text-base font-semibold">
              <Price cents={order.totalCents} />
            </td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
