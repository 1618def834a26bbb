import Link from 'next/link';
import { Suspense, type ReactNode } from 'react';
import { CategoryNav, CategoryNavPlaceholder } from './category-nav';
import { SearchForm } from './search-form';

/**
 * The header of every page, the same for everyone but its `corner`: the visitor's own links
 * (app/_components/viewer-nav.tsx), filled in by the browser on catalog pages and by the server on
 * personal ones.
 */
export function SiteHeader({ corner }: { corner: ReactNode }) {
  return (
    <header className="border-b border-zinc-200 bg-white">
      <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-6 gap-y-3 px-4 py-3 sm:flex-nowrap">
        <Link prefetch={false} href="/" className="text-xl font-bold tracking-tight text-brand-700">
          Flashmart
        </Link>
        <div className="order-last w-full sm:order-none sm:flex-1">
          <SearchForm />
        </div>
        <div className="ml-auto flex items-center gap-4 sm:ml-0">{corner}</div>
      </div>
      <Suspense fallback={<CategoryNavPlaceholder />}>
        <CategoryNav />
      </Suspense>
    </header>
  );
}
