/**
 * A plain GET form, so search works before (and without) JavaScript. Labelled "Search the shop", not
 * "Search products": the header is on every page, and a label holding "product" made the admin sale
 * form's "Product" field one of two that its name finds (e2e/contract-names.spec.ts).
 */
export function SearchForm() {
  return (
    <form action="/products" method="get" role="search" className="flex w-full max-w-md">
      <label htmlFor="site-search" className="sr-only">
        Search the shop
      </label>
      <input
        id="site-search"
        type="search"
        name="q"
        maxLength={200}
        placeholder="Search the shop"
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
