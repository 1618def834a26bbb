/** A plain GET form, so search works before (and without) JavaScript. */
export function SearchForm() {
  return (
    <form action="/products" method="get" role="search" className="flex w-full max-w-md">
      <label htmlFor="site-search" className="sr-only">
        Search products
      </label>
      <input
        id="site-search"
        type="search"
        name="q"
        maxLength={200}
        placeholder="Search products"
        className="min-w-0 flex-1 rounded-l-md border border-zinc-300 bg-white px-3 py-1.5 text-sm placeholder:text-zinc-500"
      />
      <button
        type="submit"
        className="rounded-r-md border border-l-0 border-brand-600 bg-brand-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-700"
      >
        Search
      </button>
    </form>
  );
}
