import type { SaleFigures } from '@/lib/admin/stats';
import { count } from './format';

/**
 * The sales running now: each item's units left of its units, and the refusals per second of checkouts
 * holding a sale's product (all instances). Nothing running: says so.
 */
export function SalePanel({ sales }: { sales: SaleFigures }) {
  const rate = sales.refusalsPerSecond;
  return (
    <div className="space-y-3">
      {sales.live.length === 0 ? (
        <p>No sale is running.</p>
      ) : (
        <table className="w-full text-left text-sm">
          <thead>
            <tr className="border-b border-zinc-200">
              <th scope="col" className="py-1 pr-4 font-medium">
                Sale
              </th>
              <th scope="col" className="py-1 pr-4 font-medium">
                Product
              </th>
              <th scope="col" className="py-1 text-right font-medium">
                Units left
              </th>
            </tr>
          </thead>
          <tbody>
            {sales.live.flatMap((sale) =>
              sale.items.map((item) => (
                <tr key={`${sale.id}:${item.productId}`} className="border-b border-zinc-100">
                  <td className="py-1 pr-4">
                    {sale.name} {sale.status === 'sold_out' ? '(sold out)' : ''}
                  </td>
                  <td className="py-1 pr-4">{item.name}</td>
                  <td className="py-1 text-right tabular-nums" data-testid="sale-stats-units-left">
                    {count(item.unitsLeft)} of {count(item.units)}
                  </td>
                </tr>
              )),
            )}
          </tbody>
        </table>
      )}
      <p>
        <span className="text-3xl font-semibold tabular-nums" data-testid="sale-refusals-per-second">
          {rate === null ? '–' : rate.toFixed(1)}
        </span>{' '}
        <span className="text-sm text-zinc-600">
          refusals per second (sold out, over the limit, not started), all instances, over the last minute or
          two
        </span>
      </p>
    </div>
  );
}
