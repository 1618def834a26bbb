import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getAdminProduct, listCategoryOptions, listProductAudit } from '@/lib/admin';
import { requireRolePage } from '@/lib/pages/page-guard';
import { AuditTrail, formatWhen } from '../../../_components/audit-trail';
import { DeleteProductForm } from '../../../_components/delete-product-form';
import { ProductForm } from '../../../_components/product-form';
import { deleteProductAction, updateProductAction } from '../../actions';

export const metadata: Metadata = { title: 'Edit product' };

interface EditProductPageProps {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ saved?: string | string[] }>;
}

const SAVED_MESSAGES: Record<string, string> = {
  created: 'Product created. Shoppers see it on their next page load.',
  updated: 'Saved. Shoppers see the change on their next page load, on every instance.',
  // The cache could not be told (Redis away); the change is recorded and reaches it once Redis is back.
  pending:
    'Saved. The shop’s cache could not be refreshed just now: pages may show the old version until it is back, which happens by itself within seconds of Redis answering again.',
};

export default async function EditProductPage({ params, searchParams }: EditProductPageProps) {
  const [{ id: idText }, { saved }] = await Promise.all([params, searchParams]);
  const self = `/admin/products/${encodeURIComponent(idText)}/edit`;
  const { ctx } = await requireRolePage(self, 'admin');
  const id = /^\d{1,9}$/.test(idText) ? Number(idText) : null;
  if (!id) notFound();
  const [product, categories, history] = await Promise.all([
    getAdminProduct(ctx, id),
    listCategoryOptions(ctx),
    listProductAudit(ctx, id),
  ]);
  if (!product) notFound();
  const savedMessage = typeof saved === 'string' ? SAVED_MESSAGES[saved] : undefined;

  return (
    <div className="space-y-10">
      <div>
        <h1 className="text-3xl font-bold tracking-tight">Edit {product.name}</h1>
        <p className="mt-1 text-sm text-zinc-600">
          Version {product.version}, last saved {formatWhen(product.updatedAt)} ·{' '}
          <Link href={`/products/${product.slug}`} className="text-brand-700 underline">
            View in the shop
          </Link>
        </p>
      </div>
      {savedMessage && (
        <p role="status" className="max-w-2xl rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
          {savedMessage}
        </p>
      )}
      {/* Keyed by version: after a save the form starts again from the saved values. */}
      <ProductForm
        key={product.version}
        action={updateProductAction}
        categories={categories}
        product={product}
        reloadHref={self}
      />
      <section aria-labelledby="history-heading" className="max-w-2xl border-t border-zinc-200 pt-8">
        <h2 id="history-heading" className="mb-4 text-xl font-semibold">
          History
        </h2>
        <AuditTrail entries={history} />
      </section>
      <section aria-labelledby="danger-heading" className="max-w-2xl border-t border-zinc-200 pt-8">
        <h2 id="danger-heading" className="mb-4 text-xl font-semibold">
          Delete this product
        </h2>
        <DeleteProductForm
          action={deleteProductAction}
          product={{ id: product.id, name: product.name, version: product.version }}
        />
      </section>
    </div>
  );
}
