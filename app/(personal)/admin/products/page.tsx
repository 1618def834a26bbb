import type { Metadata } from 'next';
import Link from 'next/link';
import { Pagination } from '@/app/_components/pagination';
import { Price } from '@/app/_components/price';
import { searchAdminProducts } from '@/lib/admin';
import { requireRolePage } from '@/lib/pages/page-guard';
import { MAX_SEARCH_LENGTH } from '@/lib/admin/products';
import { adminSearchSchema } from '@/lib/admin/schemas';

export const metadata: Metadata = { title: 'Products' };

interface AdminProductsPageProps {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

export default async function AdminProductsPage({ searchParams }: AdminProductsPageProps) {
  const params = await searchParams;
  // A search PostgreSQL would refuse (a NUL) or that nobody typed is dropped and said so, not a 500.
  const searched = adminSearchSchema.safeParse((first(params.q) ?? '').slice(0, MAX_SEARCH_LENGTH));
  const q = searched.data ?? '';
  const pageText = first(params.page) ?? '1';
  const page = /^\d{1,5}$/.test(pageText) ? Math.max(1, Number(pageText)) : 1;
  const self = `/admin/products${q ? `?q=${encodeURIComponent(q)}` : ''}`;
  const { ctx } = await requireRolePage(self, 'admin');
  const result = await searchAdminProducts(ctx, { q, page });
  const totalPages = Math.max(1, Math.ceil(result.total / result.pageSize));
  const hrefForPage = (target: number) => {
    const query = new URLSearchParams({
      ...(q ? { q } : {}),
      ...(target > 1 ? { page: String(target) } : {}),
    });
    return `/admin/products${query.size ? `?${query}` : ''}`;
  };

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <h1 className="text-3xl font-bold tracking-tight">Products</h1>
        <Link
          href="/admin/products/new"
          className="rounded-full bg-brand-600 px-5 py-2 font-semibold text-white hover:bg-brand-700"
        >
          New product
        </Link>
      </div>
      {first(params.deleted) && (
        <p role="status" className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
          The product was deleted.
        </p>
      )}
      <form method="get" role="search" className="flex max-w-xl gap-2">
        <label htmlFor="admin-search" className="sr-only">
          Search by name, slug or id
        </label>
        <input
          id="admin-search"
          type="search"
          name="q"
          defaultValue={q}
          maxLength={MAX_SEARCH_LENGTH}
          placeholder="Search by name, slug or id"
          className="flex-1 rounded-md border border-zinc-300 bg-white px-3 py-2"
        />
        <button
          type="submit"
          className="rounded-md bg-zinc-800 px-4 py-2 font-medium text-white hover:bg-zinc-900"
        >
          Search
        </button>
      </form>
      {searched.error && (
        <p role="alert" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">
          {searched.error.issues[0]?.message} Showing every product.
        </p>
      )}
      <p className="text-sm text-zinc-600" data-testid="admin-product-count">
        {result.total.toLocaleString('en-US')} {result.total === 1 ? 'product' : 'products'}
        {q && <> matching &ldquo;{q}&rdquo;</>}
      </p>
      {result.items.length > 0 && (
        <div className="overflow-x-auto rounded-lg border border-zinc-200 bg-white">
          <table className="w-full text-left text-sm">
            <thead className="border-b border-zinc-200 bg-zinc-50 text-zinc-600">
              <tr>
                <th className="px-3 py-2 font-medium">Name</th>
                <th className="px-3 py-2 font-medium">Slug</th>
                <th className="px-3 py-2 font-medium">Category</th>
                <th className="px-3 py-2 text-right font-medium">Price</th>
                <th className="px-3 py-2 text-right font-medium">Stock</th>
              </tr>
            </thead>
            <tbody>
              {result.items.map((product) => (
                <tr key={product.id} className="border-b border-zinc-100 last:border-0">
                  <td className="px-3 py-2">
                    <Link
                      href={`/admin/products/${product.id}/edit`}
                      className="font-medium text-brand-700 hover:underline"
                    >
                      {product.name}
                    </Link>
                  </td>
                  <td className="px-3 py-2 text-zinc-600">{product.slug}</td>
                  <td className="px-3 py-2 text-zinc-600">{product.category}</td>
                  <td className="px-3 py-2 text-right">
                    <Price cents={product.priceCents} />
                  </td>
                  <td className="px-3 py-2 text-right tabular-nums">
                    {product.stock.toLocaleString('en-US')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination page={Math.min(page, totalPages)} totalPages={totalPages} hrefForPage={hrefForPage} />
    </div>
  );
}
