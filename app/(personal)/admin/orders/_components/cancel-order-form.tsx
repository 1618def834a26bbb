'use client';

import { useActionState } from 'react';
import { cancelOrderAction } from '@/app/(personal)/admin/orders/actions';
import { IDLE } from '@/lib/http/form-state';

/**
 * One order's "Cancel order" (a plain POST without JavaScript). One click, no confirmation step: a
 * second step would need JavaScript, and the cancellation is audited.
 */
export function CancelOrderForm({ orderId }: { orderId: number }) {
  const [state, formAction, pending] = useActionState(cancelOrderAction, IDLE);
  return (
    <form action={formAction} className="flex flex-col items-end gap-1">
      <input type="hidden" name="id" value={orderId} />
      <button
        type="submit"
        disabled={pending}
        aria-describedby={`order-${orderId}`}
        className="rounded-full border border-red-300 bg-white px-3 py-1 text-sm font-medium text-red-700 hover:border-red-500 disabled:opacity-60"
      >
        Cancel order
      </button>
      {state.status === 'error' && (
        <p role="alert" className="text-sm text-red-700">
          {state.message}
        </p>
      )}
    </form>
  );
}
