import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { getViewer } from '@/lib/auth/viewer';
import { listCategories } from '@/lib/catalog';
import type { Category } from '@/lib/catalog/types';
import { SiteFooter } from './_components/site-footer';
import { SiteHeader } from './_components/site-header';
import './globals.css';

// The header reads the catalog and the visitor's session on every request, so nothing here is
// prerendered and `next build` needs no database.
export const dynamic = 'force-dynamic';

export const metadata: Metadata = {
  title: { template: '%s · Flashmart', default: 'Flashmart' },
  description: 'Flashmart: a fast demo storefront with thousands of products across every category.',
};

/** The header's category links. A failure here must not take down every page, so it degrades to none. */
async function categoriesForNav(): Promise<Category[]> {
  try {
    return await listCategories();
  } catch (error) {
    console.error('header: could not load categories', error);
    return [];
  }
}

export default async function RootLayout({ children }: { children: ReactNode }) {
  // The viewer (session, name, cart count) degrades to "signed out, empty cart" if Redis is down.
  const [categories, viewer] = await Promise.all([categoriesForNav(), getViewer()]);

  return (
    <html lang="en">
      <body className="flex min-h-dvh flex-col font-sans">
        <a
          href="#main"
          className="sr-only rounded-md bg-white px-4 py-2 font-medium text-brand-700 shadow focus:not-sr-only focus:fixed focus:top-2 focus:left-2 focus:z-50"
        >
          Skip to content
        </a>
        <SiteHeader
          categories={categories}
          cartCount={viewer.cartCount}
          userName={viewer.user?.name ?? null}
          isAdmin={viewer.user?.role === 'admin'}
        />
        <main
          id="main"
          tabIndex={-1}
          className="mx-auto w-full max-w-7xl flex-1 px-4 py-8 focus:outline-none"
        >
          {children}
        </main>
        <SiteFooter />
      </body>
    </html>
  );
}
