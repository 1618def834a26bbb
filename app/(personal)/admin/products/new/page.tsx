import type { Metadata } from 'next';
import { listCategoryOptions } from '@/lib/admin';
import { requireRolePage } from '@/lib/pages/page-guard';
import { ProductForm } from '../../_components/product-form';
import { createProductAction } from '../actions';

export const metadata: Metadata = { title: 'New product' };

export default async function NewProductPage() {
  const { ctx } = await requireRolePage('/admin/products/new', 'admin');
  const categories = await listCategoryOptions(ctx);
  return (
    <div className="space-y-6">
      <h1 className="text-3xl font-bold tracking-tight">New product</h1>
      <ProductForm action={createProductAction} categories={categories} />
    </div>
  );
}
