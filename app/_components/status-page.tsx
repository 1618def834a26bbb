import Link from 'next/link';
import type { ReactNode } from 'react';

/** A page that explains an HTTP status (404, 403) and offers the way back to the shop. */
export function StatusPage({ code, title, children }: { code: number; title: string; children: ReactNode }) {
  return (
    <div className="mx-auto max-w-xl py-16 text-center">
      <p className="text-sm font-semibold text-brand-700">{code}</p>
      <h1 className="mt-2 text-3xl font-bold tracking-tight">{title}</h1>
      <p className="mt-3 text-zinc-600">{children}</p>
      <Link
        prefetch={false}
        href="/products"
        className="mt-8 inline-block rounded-full bg-brand-600 px-6 py-3 font-semibold text-white hover:bg-brand-700"
      >
        Back to the shop
      </Link>
    </div>
  );
}
