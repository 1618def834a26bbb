'use client';

import { useActionState, useState } from 'react';
import { FormMessage } from '@/app/_components/form-field';
import { IDLE, type FormState } from '@/lib/http/form-state';

interface DeleteProductFormProps {
  action: (state: FormState, formData: FormData) => Promise<FormState>;
  product: { id: number; name: string; version: number };
}

const dangerButton =
  'rounded-full bg-red-700 px-5 py-2 font-semibold text-white hover:bg-red-800 disabled:bg-zinc-300';

/** Delete, in two steps: the first button only asks; the second, naming the product, deletes it. */
export function DeleteProductForm({ action, product }: DeleteProductFormProps) {
  const [state, formAction, pending] = useActionState(action, IDLE);
  const [confirming, setConfirming] = useState(false);

  if (!confirming) {
    return (
      <div className="flex flex-col items-start gap-3">
        <FormMessage status={state.status} message={state.message} />
        <button
          type="button"
          onClick={() => setConfirming(true)}
          className="rounded-full border border-red-300 px-5 py-2 font-semibold text-red-800 hover:bg-red-50"
        >
          Delete
        </button>
      </div>
    );
  }
  return (
    <form
      action={formAction}
      className="flex flex-col items-start gap-3 rounded-md border border-red-200 bg-red-50 p-4"
    >
      <FormMessage status={state.status} message={state.message} />
      <p className="text-red-900">
        Delete &ldquo;{product.name}&rdquo; for good? Its reviews go with it. This cannot be undone.
      </p>
      <input type="hidden" name="id" value={product.id} />
      <input type="hidden" name="version" value={product.version} />
      <div className="flex gap-3">
        <button type="submit" className={dangerButton} disabled={pending}>
          Yes, delete it
        </button>
        <button
          type="button"
          onClick={() => setConfirming(false)}
          className="rounded-full border border-zinc-300 bg-white px-5 py-2 font-semibold hover:border-brand-500"
        >
          Cancel
        </button>
      </div>
    </form>
  );
}
