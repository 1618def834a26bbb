import Link from 'next/link';
import type { Category } from '@/lib/catalog/types';
import { AccountNav } from './account-nav';
import { CartLink } from './cart-link';
import { SearchForm } from './search-form';

interface SiteHeaderProps {
  categories: Category[];
  cartCount: number;
  /** The signed-in user's name, or null. */
  userName: string | null;
  /** Shows the link to the admin area (which checks the role itself, whatever the header shows). */
  isAdmin: boolean;
}

export function SiteHeader({ categories, cartCount, userName, isAdmin }: SiteHeaderProps) {
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
          {isAdmin && (
            <Link
              prefetch={false}
              href="/admin"
              className="text-sm font-medium text-zinc-700 hover:text-brand-700"
            >
              Admin
            </Link>
          )}
          <AccountNav userName={userName} />
          <CartLink count={cartCount} />
        </div>
      </div>
      {categories.length > 0 && (
        <nav aria-label="Categories" className="border-t border-zinc-100">
          <ul className="mx-auto flex max-w-7xl gap-1 overflow-x-auto px-4 py-2 text-sm whitespace-nowrap">
            {categories.map((category) => (
              <li key={category.id}>
                <Link
                  prefetch={false}
                  href={`/products?category=${encodeURIComponent(category.slug)}`}
                  className="block rounded-full px-3 py-1 text-zinc-700 hover:bg-brand-50 hover:text-brand-700"
                >
                  {category.name}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      )}
    </header>
  );
}
