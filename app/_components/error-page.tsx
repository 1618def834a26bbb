'use client';

import Link from 'next/link';
import { useEffect } from 'react';

export function ErrorPage({ error, retry }: { error: unknown; retry: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);

  const digest = error instanceof Error && 'digest' in error ? String(error.digest) : undefined;

  return (
    <div role="alert" className="mx-auto max-w-xl py-16 text-center">
      <h1 className="text-3xl font-bold tracking-tight">Something went wrong</h1>
      <p className="mt-3 text-zinc-600">
        We couldn&rsquo;t load this page just now. It&rsquo;s usually temporary: please try again.
      </p>
      {digest && <p className="mt-2 text-xs text-zinc-500">Reference: {digest}</p>}
      <div className="mt-8 flex justify-center gap-3">
        <button
          type="button"
          onClick={() => retry()}
          className="rounded-full bg-brand-600 px-6 py-3 font-semibold text-white hover:bg-brand-700"
        >
          Try again
        </button>
        <Link
          href="/"
          className="rounded-full border border-zinc-300 bg-white px-6 py-3 font-semibold hover:border-brand-500"
        >
          Go home
        </Link>
      </div>
    </div>
  );
}
