'use client';

import { useActionState } from 'react';
import { addToCartAction } from '@/app/(personal)/cart/actions';
import { useAnnounceViewerChange } from '@/app/_components/use-viewer';
import { IDLE } from '@/lib/http/form-state';
import { localTime, useLiveSale, type PageSale } from './use-live-sale';

/**
 * "Add to cart": a form posting to a server action. Without JavaScript the browser posts it and lands on
 * the cart, which says what was added; with JavaScript the same action runs without a
 * reload (useActionState) and the header asks for its count again. The button stays
 * enabled while an add is under way: disabling it would drop a keyboard user's focus.
 *
 * A product in a sale: before the start the button is disabled with the reason shown, and enabled at the
 * second on the server's clock without a reload; sold out disables it again (useLiveSale, from the event
 * stream). Only in the browser: the cached page's button is enabled, so without JavaScript the add is
 * posted and refused by the server with its reason (409 "not started").
 */
export function AddToCartForm({
  productId,
  inStock,
  sale = null,
}: {
  productId: number;
  inStock: boolean;
  sale?: PageSale | null;
}) {
  const [state, formAction, pending] = useActionState(addToCartAction, IDLE);
  useAnnounceViewerChange(state);
  const live = useLiveSale(productId, sale);
  const saleReason = !live.mounted
    ? undefined
    : live.status === 'scheduled'
      ? `Not on sale yet: the sale starts ${localTime(sale!.startsAt)}.`
      : live.status === 'sold_out'
        ? 'Sold out: every unit of the sale has been sold.'
        : undefined;
  const buyable = inStock && saleReason === undefined;
  const error = state.status === 'error' ? (state.fields?.quantity ?? state.message) : undefined;

  return (
    <form action={formAction} aria-busy={pending} className="flex flex-col gap-3">
      <div className="flex flex-wrap items-end gap-3">
        <input type="hidden" name="productId" value={productId} />
        <div className="flex flex-col gap-1">
          <label htmlFor="quantity" className="text-sm font-medium text-zinc-700">
            Quantity
          </label>
          <input
            id="quantity"
            name="quantity"
            type="number"
            inputMode="numeric"
            min={1}
            max={99}
            step={1}
            defaultValue={1}
            required
            disabled={!buyable}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? 'add-to-cart-message' : undefined}
            className="w-24 rounded-md border border-zinc-300 bg-white px-3 py-2 tabular-nums disabled:bg-zinc-100"
          />
        </div>
        <button
          type="submit"
          disabled={!buyable}
          aria-describedby={saleReason ? 'add-to-cart-message' : undefined}
          className="rounded-full bg-brand-600 px-6 py-2.5 font-semibold text-white hover:bg-brand-700 disabled:cursor-not-allowed disabled:bg-zinc-300 disabled:text-zinc-600"
        >
          Add to cart
        </button>
      </div>
      <p
        id="add-to-cart-message"
        role="status"
        className={`min-h-6 text-sm ${error ? 'text-red-700' : 'text-emerald-700'}`}
      >
        {error ?? (state.status === 'ok' ? state.message : (saleReason ?? ''))}
      </p>
    </form>
  );
}
