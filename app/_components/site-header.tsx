import Link from 'next/link';
import { Suspense } from 'react';
import { CategoryNav, CategoryNavPlaceholder } from './category-nav';
import { SearchForm } from './search-form';
import { ViewerNav, ViewerNavPlaceholder } from './viewer-nav';

/** The header of every page: shared parts cached, the visitor's own corner a streamed hole. */
export function SiteHeader() {
  return (
    <header className="border-b border-zinc-200 bg-white">
      <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-6 gap-y-3 px-4 py-3 sm:flex-nowrap">
        <Link prefetch={false} href="/" className="text-xl font-bold tracking-tight text-brand-700">
          Flashmart
        </Link>
        <div className="order-last w-full sm:order-none sm:flex-1">
          <SearchForm />
        </div>
        <div className="ml-auto flex items-center gap-4 sm:ml-0">
          <Suspense fallback={<ViewerNavPlaceholder />}>
            <ViewerNav />
          </Suspense>
        </div>
      </div>
      <Suspense fallback={<CategoryNavPlaceholder />}>
        <CategoryNav />
      </Suspense>
    </header>
  );
}
