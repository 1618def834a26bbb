import type { Metadata } from 'next';
import { listSaleProductOptions } from '@/lib/admin';
import { pageData } from '@/lib/pages/page-data';
import { requireRolePage } from '@/lib/pages/page-guard';
import { SaleForm } from '../_components/sale-form';

export const metadata: Metadata = { title: 'New sale' };

/** `?product=<id>` preselects a product (and offers it even when it is not among the newest in stock). */
export default async function NewSalePage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { product } = await searchParams;
  const productId = typeof product === 'string' && /^\d{1,9}$/.test(product) ? Number(product) : undefined;
  const { ctx } = await requireRolePage('/admin/sales/new', 'admin');
  const products = await pageData('/admin/sales/new', () => listSaleProductOptions(ctx, productId));
  return (
    <div className="space-y-6">
      <h1 className="text-3xl font-bold tracking-tight">New sale</h1>
      <SaleForm products={products} productId={productId} />
    </div>
  );
}
