'use client';

import { createContext, useActionState, useContext, useState, type ReactNode } from 'react';
import { placeOrderAction } from '@/app/(personal)/cart/actions';
import { primaryButton } from '@/app/_components/form-field';
import { IDLE, type FormState } from '@/lib/http/form-state';
import { lineField } from './line-field';

/*
 * "Place order" and what it answers. The answer belongs to the button and to the line it names, which are
 * far apart on the page, so one provider holds the action's state and both read it from there. Without
 * JavaScript the form is a plain POST and the page comes back rendered with the same state.
 */

interface PlaceOrder {
  state: FormState;
  action: (formData: FormData) => void;
  pending: boolean;
}

const PlaceOrderContext = createContext<PlaceOrder>({ state: IDLE, action: () => {}, pending: false });

/** `cartVersion` changes whenever a line does: a refusal about the cart as it was is then dropped. */
export function PlaceOrderProvider({ cartVersion, children }: { cartVersion: string; children: ReactNode }) {
  const [state, action, pending] = useActionState(placeOrderAction, IDLE);
  // Remember which cart each answer was about (React's "adjust state while rendering" pattern).
  const [answered, setAnswered] = useState({ state, cartVersion });
  if (answered.state !== state) setAnswered({ state, cartVersion });
  const current = answered.cartVersion === cartVersion ? state : IDLE;
  return <PlaceOrderContext value={{ state: current, action, pending }}>{children}</PlaceOrderContext>;
}

/** The refusal of one line, shown inside that line. */
export function LineRefusal({ productId }: { productId: number }) {
  const message = useContext(PlaceOrderContext).state.fields?.[lineField(productId)];
  if (!message) return null;
  return (
    <p id={`${lineField(productId)}-refusal`} className="w-full text-sm font-medium text-red-700">
      {message}
    </p>
  );
}

interface PlaceOrderFormProps {
  idempotencyKey: string;
  /** The total the page shows: the order is placed only at that total (else the action says the new one). */
  totalCents: number;
  /** The cart's product names by id, so the message at the button names the line to change. */
  lineNames: Record<number, string>;
}

export function PlaceOrderForm({ idempotencyKey, totalCents, lineNames }: PlaceOrderFormProps) {
  const { state, action, pending } = useContext(PlaceOrderContext);
  const refused = Object.entries(lineNames).find(([id]) => state.fields?.[lineField(Number(id))]);
  const message = refused
    ? `${refused[1]}: ${state.fields?.[lineField(Number(refused[0]))]}`
    : state.status === 'error'
      ? state.message
      : undefined;
  return (
    <form action={action} className="flex flex-col items-end gap-2">
      <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
      {/* After "prices changed", the new total the message named is the one the shopper confirms. */}
      <input
        type="hidden"
        name="expectedTotalCents"
        value={state.values?.expectedTotalCents ?? String(totalCents)}
      />
      <button
        type="submit"
        disabled={pending}
        aria-describedby={message ? 'place-order-message' : undefined}
        className={primaryButton}
      >
        {pending ? 'Placing order…' : 'Place order'}
      </button>
      {message && (
        <p id="place-order-message" role="alert" className="max-w-md text-right text-sm text-red-700">
          {message}
        </p>
      )}
    </form>
  );
}
