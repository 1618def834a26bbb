import { productSorts, type ListingQuery, type ProductSort } from '@/lib/catalog/types';

const sortLabels: Record<ProductSort, string> = {
  relevance: 'Best match',
  newest: 'Newest',
  'price-asc': 'Price: low to high',
  'price-desc': 'Price: high to low',
  'name-asc': 'Name: A to Z',
  'name-desc': 'Name: Z to A',
};

/** A GET form, so sorting works without JavaScript; the filters ride along and the page resets to 1. */
export function SortForm({ query }: { query: ListingQuery }) {
  // "Best match" only means something for a search.
  const sorts = productSorts.filter((sort) => sort !== 'relevance' || query.q || query.sort === 'relevance');
  return (
    <form action="/products" method="get" className="flex items-center gap-2 text-sm">
      {query.category && <input type="hidden" name="category" value={query.category} />}
      {query.q && <input type="hidden" name="q" value={query.q} />}
      <label htmlFor="sort" className="text-zinc-700">
        Sort by
      </label>
      <select
        id="sort"
        name="sort"
        defaultValue={query.sort}
        className="rounded-md border border-zinc-300 bg-white px-2 py-1.5"
      >
        {sorts.map((sort) => (
          <option key={sort} value={sort}>
            {sortLabels[sort]}
          </option>
        ))}
      </select>
      <button
        type="submit"
        className="rounded-md border border-zinc-300 bg-white px-3 py-1.5 font-medium hover:border-brand-500 hover:text-brand-700"
      >
        Sort
      </button>
    </form>
  );
}
