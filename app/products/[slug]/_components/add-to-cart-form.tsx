/**
 * Placeholder until the cart lands: a harmless GET to /cart. The field and button carry the names the
 * end-to-end tests use ("Quantity", "Add to cart").
 */
export function AddToCartForm({ productId, inStock }: { productId: number; inStock: boolean }) {
  return (
    <form action="/cart" method="get" className="flex flex-wrap items-end gap-3">
      <input type="hidden" name="productId" value={productId} />
      <div className="flex flex-col gap-1">
        <label htmlFor="quantity" className="text-sm font-medium text-zinc-700">
          Quantity
        </label>
        <input
          id="quantity"
          name="quantity"
          type="number"
          inputMode="numeric"
          min={1}
          max={99}
          step={1}
          defaultValue={1}
          required
          disabled={!inStock}
          className="w-24 rounded-md border border-zinc-300 bg-white px-3 py-2 tabular-nums disabled:bg-zinc-100"
        />
      </div>
      <button
        type="submit"
        disabled={!inStock}
        className="rounded-full bg-brand-600 px-6 py-2.5 font-semibold text-white hover:bg-brand-700 disabled:cursor-not-allowed disabled:bg-zinc-300 disabled:text-zinc-600"
      >
        Add to cart
      </button>
    </form>
  );
}
