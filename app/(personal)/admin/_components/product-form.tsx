'use client';

import Link from 'next/link';
import { useActionState } from 'react';
import { FormField, FormMessage, primaryButton } from '@/app/_components/form-field';
import type { AdminProduct, CategoryOption } from '@/lib/admin/types';
import { PRODUCT_LIMITS } from '@/lib/admin/limits';
import { IDLE, type FormState } from '@/lib/http/form-state';
import { SelectField, TextAreaField } from './fields';

interface ProductFormProps {
  action: (state: FormState, formData: FormData) => Promise<FormState>;
  categories: CategoryOption[];
  /** The product being edited (its version goes along, for the stale-edit check); none for a new one. */
  product?: AdminProduct;
  /** Where "reload" goes after a stale edit: this page, fresh from the server. */
  reloadHref?: string;
}

const dollars = (cents: number) => (cents / 100).toFixed(2);

/** The new and edit forms: labels "Name", "Description", "Price", "Stock" and a "Save" button (CONTRACT.md). */
export function ProductForm({ action, categories, product, reloadHref }: ProductFormProps) {
  const [state, formAction, pending] = useActionState(action, IDLE);
  const value = (name: string, fallback: string) => state.values?.[name] ?? fallback;
  const error = (name: string) => state.fields?.[name];
  // The data layer marks a stale edit with an error on the hidden `version` field.
  const stale = state.fields?.version !== undefined;

  return (
    <form action={formAction} className="flex max-w-2xl flex-col gap-5" noValidate>
      {stale ? (
        <div role="alert" className="rounded-md border border-amber-300 bg-amber-50 px-4 py-3 text-amber-900">
          <p className="font-semibold">{state.message}</p>
          <p className="mt-1 text-sm">
            Someone saved it after you opened this page, so your changes were not saved.{' '}
            <a href={reloadHref} className="font-medium underline">
              Reload the product
            </a>{' '}
            to see the latest version, then make your change again.
          </p>
        </div>
      ) : (
        <FormMessage status={state.status} message={state.message} />
      )}
      {product && (
        <>
          <input type="hidden" name="id" value={product.id} />
          <input type="hidden" name="version" value={product.version} />
        </>
      )}
      <FormField
        label="Name"
        name="name"
        required
        maxLength={PRODUCT_LIMITS.nameMax}
        defaultValue={value('name', product?.name ?? '')}
        error={error('name')}
      />
      <TextAreaField
        label="Description"
        name="description"
        rows={6}
        maxLength={PRODUCT_LIMITS.descriptionMax}
        defaultValue={value('description', product?.description ?? '')}
        error={error('description')}
      />
      <div className="grid gap-5 sm:grid-cols-2">
        <FormField
          label="Price"
          name="price"
          inputMode="decimal"
          required
          placeholder="12.99"
          defaultValue={value('price', product ? dollars(product.priceCents) : '')}
          error={error('price') ?? error('priceCents')}
        />
        <FormField
          label="Stock"
          name="stock"
          inputMode="numeric"
          required
          defaultValue={value('stock', product ? String(product.stock) : '0')}
          error={error('stock')}
        />
      </div>
      <SelectField
        label="Category"
        name="category"
        required
        defaultValue={value('category', product?.category ?? categories[0]?.slug ?? '')}
        options={categories.map((category) => ({ value: category.slug, label: category.name }))}
        error={error('category')}
      />
      <FormField
        label="Slug"
        name="slug"
        placeholder={product ? product.slug : 'Made from the name when left empty'}
        maxLength={PRODUCT_LIMITS.slugMax}
        defaultValue={value('slug', product?.slug ?? '')}
        error={error('slug')}
      />
      <FormField
        label="Image path"
        name="imageUrl"
        placeholder="Empty for the generated tile, or a path on this site: /images/…"
        maxLength={PRODUCT_LIMITS.imageUrlMax}
        defaultValue={value('imageUrl', product?.imageUrl ?? '')}
        error={error('imageUrl')}
      />
      <div className="flex items-center gap-4">
        <button type="submit" className={primaryButton} disabled={pending}>
          Save
        </button>
        <Link href="/admin/products" className="text-sm font-medium text-zinc-600 hover:text-brand-700">
          Back to products
        </Link>
      </div>
    </form>
  );
}
