import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { SiteFooter } from './_components/site-footer';
import './globals.css';

export const metadata: Metadata = {
  title: { template: '%s · Flashmart', default: 'Flashmart' },
  description: 'Flashmart: a fast demo storefront with thousands of products across every category.',
};

/**
 * Nothing here waits on a request: the layout is part of every page's shared, cached shell. The header
 * and main column come from the two groups' layouts: (shop) for the catalog, cached whole, and (personal)
 * for the pages about one visitor.
 */
export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="flex min-h-dvh flex-col font-sans">
        <a
          href="#main"
          className="sr-only rounded-md bg-white px-4 py-2 font-medium text-brand-700 shadow focus:not-sr-only focus:fixed focus:top-2 focus:left-2 focus:z-50"
        >
          Skip to content
        </a>
        {children}
        <SiteFooter />
      </body>
    </html>
  );
}
