import Link from 'next/link';
import { unstable_rethrow } from 'next/navigation';
import { deferDuringBuild } from '@/lib/pages/build-phase';
import { cachedCategories } from '@/lib/pages/catalog-data';

/**
 * The header's category links: the same for every visitor, so part of every page's cached shell. Without
 * categories (PostgreSQL down and nothing cached) the header simply has no category row.
 */
export async function CategoryNav() {
  await deferDuringBuild();
  let categories;
  try {
    categories = await cachedCategories();
  } catch (error) {
    unstable_rethrow(error);
    console.error('header: could not load categories', error);
    return null;
  }
  if (categories.length === 0) return null;
  return (
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
  );
}

/** The category row's height while it streams in (pages prerendered at build time), so nothing moves. */
export function CategoryNavPlaceholder() {
  return <div aria-hidden="true" className="h-[2.3125rem] border-t border-zinc-100" />;
}
