import type { ReactNode } from 'react';
import { SiteHeader } from './site-header';

/** The header and the main column of every page; `corner` is the header's personal corner. */
export function PageFrame({ corner, children }: { corner: ReactNode; children: ReactNode }) {
  return (
    <>
      <SiteHeader corner={corner} />
      <main id="main" tabIndex={-1} className="mx-auto w-full max-w-7xl flex-1 px-4 py-8 focus:outline-none">
        {children}
      </main>
    </>
  );
}
