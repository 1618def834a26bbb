import { LocalTime } from '@/app/_components/local-time';
import { Price } from '@/app/_components/price';
import type { AdminSale } from '@/lib/admin/sales';
import { SaleActionForm } from './sale-action-form';

/*
 * One of /admin/sales' three tables: scheduled sales (with "Cancel sale"), live ones (units left, "End
 * sale now"), ended ones (units sold, orders). A queued sale's line shows under its name: waiting,
 * admitted, admitted through place N.
 */

export type SalesTableKind = 'scheduled' | 'live' | 'ended';

const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);

function Items({ sale, kind }: { sale: AdminSale; kind: SalesTableKind }) {
  return (
    <ul className="space-y-1">
      {sale.items.map((item) => (
        <li key={item.productId}>
          <span className="font-medium">{item.name}</span>{' '}
          <Price cents={item.salePriceCents} className="text-red-700" />{' '}
          <s className="text-zinc-500">
            <Price cents={item.priceCents} />
          </s>
          <span className="text-zinc-600">
            {kind === 'scheduled' && ` · ${item.units} units, limit ${item.perCustomerLimit}`}
            {kind === 'live' && ` · ${item.units - item.unitsSold} of ${item.units} left`}
            {kind === 'ended' && ` · ${item.unitsSold} of ${item.units} sold`}
          </span>
        </li>
      ))}
    </ul>
  );
}

/** A queued sale's waiting room: its settings, and for a running sale where its line stands. */
function Line({ sale, kind }: { sale: AdminSale; kind: SalesTableKind }) {
  if (!sale.queue) return null;
  const { line } = sale;
  const count = (n: number) => n.toLocaleString('en-US');
  return (
    <span className="mt-1 block text-xs text-zinc-600" data-testid={`admin-sale-line-${sale.id}`}>
      Waiting room: {sale.queue.activeShoppers} at once, {sale.queue.admissionMinutes} min each
      {kind === 'scheduled' && ' · places drawn at the start'}
      {kind === 'live' &&
        (line ? (
          <span className="block">
            {count(line.waiting)} waiting · {count(line.admitted)} admitted · admitted through place{' '}
            {count(line.admittedThrough)}
            {line.stale && ' (last reading: Redis is not answering)'}
          </span>
        ) : (
          <span className="block">Drawing places…</span>
        ))}
    </span>
  );
}

function Status({ sale }: { sale: AdminSale }) {
  if (sale.status === 'cancelled') return <>Cancelled</>;
  if (sale.status === 'sold_out') return <>Sold out</>;
  if (sale.status === 'ended') return <>{sale.endedAt ? 'Ended by an admin' : 'Ended'}</>;
  return <>{sale.status === 'live' ? 'Live' : 'Scheduled'}</>;
}

export function SalesTable({ sales, kind }: { sales: AdminSale[]; kind: SalesTableKind }) {
  return (
    <div className="overflow-x-auto rounded-lg border border-zinc-200 bg-white">
      <table className="min-w-full text-left text-sm">
        <thead className="bg-zinc-50 text-zinc-600">
          <tr>
            <th className="px-3 py-2">Sale</th>
            <th className="px-3 py-2">Products</th>
            <th className="px-3 py-2">Starts</th>
            <th className="px-3 py-2">Ends</th>
            {kind === 'live' && <th className="px-3 py-2">Units left</th>}
            {kind === 'ended' && <th className="px-3 py-2">Units sold</th>}
            {kind === 'ended' && <th className="px-3 py-2">Orders</th>}
            <th className="px-3 py-2">
              <span className="sr-only">{kind === 'ended' ? 'Status' : 'Action'}</span>
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100">
          {sales.map((sale) => (
            <tr key={sale.id} data-testid={`admin-sale-${sale.id}`}>
              <td className="px-3 py-2 align-top">
                <span id={`sale-${sale.id}`} className="font-semibold">
                  {sale.name}
                </span>
                <span className="block text-xs text-zinc-500">#{sale.id}</span>
                <Line sale={sale} kind={kind} />
              </td>
              <td className="px-3 py-2 align-top">
                <Items sale={sale} kind={kind} />
              </td>
              <td className="px-3 py-2 align-top">
                <LocalTime iso={sale.startsAt} />
              </td>
              <td className="px-3 py-2 align-top">
                <LocalTime iso={sale.endedAt ?? sale.endsAt} />
              </td>
              {kind === 'live' && (
                <td className="px-3 py-2 align-top tabular-nums">
                  {sum(sale.items.map((item) => item.units - item.unitsSold))}
                </td>
              )}
              {kind === 'ended' && (
                <td className="px-3 py-2 align-top tabular-nums">
                  {sum(sale.items.map((item) => item.unitsSold))}
                </td>
              )}
              {kind === 'ended' && <td className="px-3 py-2 align-top tabular-nums">{sale.orders}</td>}
              <td className="px-3 py-2 text-right align-top">
                {kind === 'scheduled' && <SaleActionForm saleId={sale.id} action="cancel" />}
                {kind === 'live' && <SaleActionForm saleId={sale.id} action="end" />}
                {kind === 'ended' && <Status sale={sale} />}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
