'use client';

import { useEffect } from 'react';
import './globals.css';

/**
 * Replaces the root layout when it or a group's layout fails, so it brings its own document. (The groups'
 * own error.tsx files keep their header for errors below their layouts. A root error.tsx for the groups'
 * layouts would say nothing this page does not, and cost every page a script: issue #25.)
 */
export default function GlobalError({ error, retry }: { error: unknown; retry: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);

  return (
    <html lang="en">
      <body className="flex min-h-dvh items-center justify-center p-6 font-sans">
        <title>Something went wrong · Flashmart</title>
        <main role="alert" className="max-w-md text-center">
          <p className="text-xl font-bold text-brand-700">Flashmart</p>
          <h1 className="mt-4 text-3xl font-bold tracking-tight">Something went wrong</h1>
          <p className="mt-3 text-zinc-600">
            The shop is having trouble right now. Please try again in a moment.
          </p>
          <button
            type="button"
            onClick={() => retry()}
            className="mt-8 rounded-full bg-brand-600 px-6 py-3 font-semibold text-white hover:bg-brand-700"
          >
            Try again
          </button>
        </main>
      </body>
    </html>
  );
}
