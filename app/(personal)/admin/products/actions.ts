'use server';

import { redirect } from 'next/navigation';
import { createProduct, deleteProduct, updateProduct } from '@/lib/admin';
import {
  fromForm,
  PRODUCT_FORM_FIELDS,
  productDeleteFormSchema,
  productEditFormSchema,
  productFormSchema,
} from '@/lib/admin/schemas';
import { formAction } from '@/lib/http/action';

/*
 * The product forms' server actions: the shared wrapper parses the fields (errors go back beside them),
 * the admin data layer checks the caller's role itself, writes, audits and invalidates the cache after
 * its commit; then a redirect. Admin pages are rendered per request, so there is nothing to revalidate.
 */

const keep = { keep: PRODUCT_FORM_FIELDS };

export const createProductAction = formAction(
  productFormSchema,
  async (input, ctx) => {
    const product = await createProduct(ctx, fromForm(input));
    redirect(
      `/admin/products/${product.id}/edit?saved=${product.cacheRefreshPending ? 'pending' : 'created'}`,
    );
  },
  keep,
);

export const updateProductAction = formAction(
  productEditFormSchema,
  async ({ id, version, ...input }, ctx) => {
    // An empty slug on the edit form keeps the current one (on the new form it is made from the name).
    const { slug, ...patch } = fromForm(input);
    const saved = await updateProduct(ctx, id, slug === undefined ? patch : { ...patch, slug }, version);
    redirect(`/admin/products/${id}/edit?saved=${saved.cacheRefreshPending ? 'pending' : 'updated'}`);
  },
  keep,
);

export const deleteProductAction = formAction(productDeleteFormSchema, async ({ id, version }, ctx) => {
  await deleteProduct(ctx, id, version);
  redirect('/admin/products?deleted=1');
});
