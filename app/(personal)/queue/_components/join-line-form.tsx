'use client';

import { useActionState } from 'react';
import { FormMessage, primaryButton } from '@/app/_components/form-field';
import { IDLE } from '@/lib/http/form-state';
import { joinLineAction } from '../actions';

/**
 * "Join the line": a form posting to a server action, so it works without JavaScript and, on the product
 * page (cached whole, the same for everyone), without knowing who is looking. The action joins the
 * signed-in shopper and goes to the line's page; a guest goes through sign-in first. A refusal (the sale
 * ended, the line paused) shows beside the button.
 */
export function JoinLineForm({ saleId, note }: { saleId: number; note?: string }) {
  const [state, formAction, pending] = useActionState(joinLineAction, IDLE);
  return (
    <form action={formAction} aria-busy={pending} className="flex flex-col gap-2">
      <input type="hidden" name="saleId" value={saleId} />
      <div className="flex flex-wrap items-center gap-3">
        <button type="submit" className={primaryButton}>
          Join the line
        </button>
        {note && <span className="text-sm text-zinc-700">{note}</span>}
      </div>
      <FormMessage status={state.status} message={state.message} />
    </form>
  );
}
