'use client';

import { useActionState } from 'react';
import { primaryButton } from '@/app/_components/form-field';
import { IDLE } from '@/lib/http/form-state';
import { enterSaleAction } from '../actions';

/**
 * "Go to the product" ("Go to the sale" for a sale of several), once it is the shopper's turn: the action
 * sets the sale's admission cookie (only an action or a route may write cookies) and goes there. With
 * JavaScript the page goes there by itself (./line-follower.tsx); this is the way without it, and the way
 * back if that failed.
 */
export function EnterSaleForm({ saleId, label }: { saleId: number; label: string }) {
  const [, formAction, pending] = useActionState(enterSaleAction, IDLE);
  return (
    <form action={formAction} aria-busy={pending}>
      <input type="hidden" name="saleId" value={saleId} />
      <button type="submit" className={primaryButton}>
        {label}
      </button>
    </form>
  );
}
