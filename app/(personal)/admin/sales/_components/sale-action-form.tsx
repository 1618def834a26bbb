'use client';

import { useActionState } from 'react';
import { cancelSaleAction, endSaleAction } from '@/app/(personal)/admin/sales/actions';
import { IDLE } from '@/lib/http/form-state';

/**
 * One sale's "Cancel sale" (scheduled) or "End sale now" (live): a plain POST without JavaScript, one
 * click (the action is audited), its refusal (the sale moved on meanwhile) shown beside the button.
 */
export function SaleActionForm({ saleId, action }: { saleId: number; action: 'cancel' | 'end' }) {
  const [state, formAction, pending] = useActionState(
    action === 'cancel' ? cancelSaleAction : endSaleAction,
    IDLE,
  );
  return (
    <form action={formAction} className="flex flex-col items-end gap-1">
      <input type="hidden" name="id" value={saleId} />
      <button
        type="submit"
        disabled={pending}
        aria-describedby={`sale-${saleId}`}
        className="rounded-full border border-red-300 bg-white px-3 py-1 text-sm font-medium whitespace-nowrap text-red-700 hover:border-red-500 disabled:opacity-60"
      >
        {action === 'cancel' ? 'Cancel sale' : 'End sale now'}
      </button>
      {state.status !== 'idle' && (
        <p role={state.status === 'error' ? 'alert' : 'status'} className="text-sm text-zinc-700">
          {state.message}
        </p>
      )}
    </form>
  );
}
