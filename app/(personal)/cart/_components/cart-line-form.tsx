'use client';

import { useActionState } from 'react';
import { cartLineAction } from '@/app/(personal)/cart/actions';
import { IDLE } from '@/lib/http/form-state';

/**
 * One line's quantity form. "Update" comes first, so Enter in the field updates; "Remove" sends its own
 * intent. Both work as a plain POST without JavaScript.
 */
export function CartLineForm({ productId, quantity }: { productId: number; quantity: number }) {
  const [state, formAction] = useActionState(cartLineAction, IDLE);
  const id = `quantity-${productId}`;
  const message = state.status === 'error' ? (state.fields?.quantity ?? state.message) : state.message;
  return (
    <form action={formAction} className="flex flex-col gap-1">
      <input type="hidden" name="productId" value={productId} />
      <div className="flex flex-wrap items-end gap-2">
        <div className="flex flex-col gap-1">
          <label htmlFor={id} className="text-xs font-medium text-zinc-600">
            Quantity
          </label>
          <input
            id={id}
            name="quantity"
            type="number"
            inputMode="numeric"
            min={0}
            max={99}
            step={1}
            required
            defaultValue={state.status === 'error' ? (state.values?.quantity ?? quantity) : quantity}
            aria-invalid={state.status === 'error' ? true : undefined}
            aria-describedby={message ? `${id}-message` : undefined}
            className="w-20 rounded-md border border-zinc-300 bg-white px-2 py-1.5 tabular-nums"
          />
        </div>
        <button
          type="submit"
          name="intent"
          value="update"
          className="rounded-full border border-zinc-300 bg-white px-3 py-1.5 text-sm font-medium hover:border-brand-500"
        >
          Update
        </button>
        <button
          type="submit"
          name="intent"
          value="remove"
          formNoValidate
          className="rounded-full px-3 py-1.5 text-sm font-medium text-red-700 hover:bg-red-50"
        >
          Remove
        </button>
      </div>
      {message && (
        <p
          id={`${id}-message`}
          role={state.status === 'error' ? 'alert' : 'status'}
          className={`text-sm ${state.status === 'error' ? 'text-red-700' : 'text-amber-800'}`}
        >
          {message}
        </p>
      )}
    </form>
  );
}
