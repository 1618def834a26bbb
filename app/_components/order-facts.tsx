import type { OrderStatus } from '@/lib/orders';

/*
 * How an order's facts read wherever an order is shown (its page, the account's history, the admin list):
 * one wording for each status and one format for the time, in UTC so every instance renders the same.
 */

const STATUS_CLASSES: Record<OrderStatus, string> = {
  placed: 'bg-emerald-50 text-emerald-800',
  paid: 'bg-sky-50 text-sky-800',
  shipped: 'bg-sky-50 text-sky-800',
  cancelled: 'bg-zinc-100 text-zinc-700',
};

export function OrderStatusBadge({ status }: { status: OrderStatus }) {
  return (
    <span
      data-testid="order-status"
      className={`inline-block rounded-full px-2.5 py-0.5 text-sm font-medium ${STATUS_CLASSES[status]}`}
    >
      {status}
    </span>
  );
}

const placedAt = new Intl.DateTimeFormat('en-US', {
  dateStyle: 'medium',
  timeStyle: 'short',
  timeZone: 'UTC',
});

/** "Jan 5, 2026, 2:03 PM UTC", machine-readable too. */
export function OrderTime({ iso }: { iso: string }) {
  return <time dateTime={iso}>{placedAt.format(new Date(iso))} UTC</time>;
}
