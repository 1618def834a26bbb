'use client';

import { useActionState } from 'react';
import { IDLE } from '@/lib/http/form-state';
import { traceAction } from '../actions';

/** Pick a product (the list suggests some) or paste any slug; one form, a plain POST without JavaScript. */
export function TraceForm({ products, slug }: { products: string[]; slug: string }) {
  const [state, formAction, pending] = useActionState(traceAction, IDLE);
  const error = state.fields?.slug ?? (state.status === 'error' ? state.message : undefined);
  return (
    <form action={formAction} className="flex flex-wrap items-end gap-3">
      <div className="flex flex-col gap-1">
        <label htmlFor="trace-slug" className="text-sm font-medium text-zinc-700">
          Product slug
        </label>
        <input
          id="trace-slug"
          name="slug"
          list="trace-products"
          defaultValue={state.values?.slug ?? slug}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'trace-slug-error' : undefined}
          className="w-80 rounded-md border border-zinc-300 bg-white px-3 py-2 font-mono text-sm aria-invalid:border-red-600"
        />
        <datalist id="trace-products">
          {products.map((product) => (
            <option key={product} value={product} />
          ))}
        </datalist>
      </div>
      <button
        type="submit"
        disabled={pending}
        className="rounded-full bg-brand-600 px-4 py-2 text-sm font-semibold text-white hover:bg-brand-700 disabled:opacity-50"
      >
        Trace
      </button>
      {error && (
        <p id="trace-slug-error" role="alert" className="w-full text-sm text-red-700">
          {error}
        </p>
      )}
    </form>
  );
}
