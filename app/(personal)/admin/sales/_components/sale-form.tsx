'use client';

import Link from 'next/link';
import { useActionState } from 'react';
import { FormField, FormMessage, primaryButton } from '@/app/_components/form-field';
import { createSaleAction } from '@/app/(personal)/admin/sales/actions';
import { SelectField } from '@/app/(personal)/admin/_components/fields';
import type { SaleProductOption } from '@/lib/admin/sales';
import { formatPrice } from '@/lib/catalog/format';
import { IDLE } from '@/lib/http/form-state';
import { ZonedTimeField, ZoneNote } from './zoned-time-field';

/**
 * /admin/sales/new: one product per sale. Labels "Product", "Sale price", "Units", "Limit per customer",
 * "Starts at", "Ends at", "Shoppers at once" (and "Admission minutes", how long an admitted shopper may take)
 * and the button "Schedule sale" (CONTRACT.md). Each refusal shows beside its field; a product already in
 * a sale is the form's message.
 */
export function SaleForm({ products, productId }: { products: SaleProductOption[]; productId?: number }) {
  const [state, formAction, pending] = useActionState(createSaleAction, IDLE);
  const value = (name: string, fallback: string) => state.values?.[name] ?? fallback;
  const error = (name: string) => state.fields?.[name];
  return (
    <form action={formAction} className="flex max-w-2xl flex-col gap-5" noValidate>
      <FormMessage status={state.status} message={state.message} />
      <FormField
        label="Title"
        name="name"
        required
        maxLength={200}
        defaultValue={value('name', 'Flash sale')}
        error={error('name')}
      />
      <SelectField
        label="Product"
        name="productId"
        required
        defaultValue={value('productId', String(productId ?? products[0]?.id ?? ''))}
        options={products.map((product) => ({
          value: String(product.id),
          label: `${product.name} (#${product.id}): ${formatPrice(product.priceCents)}, ${product.stock} in stock`,
        }))}
        error={error('productId')}
      />
      <div className="grid gap-5 sm:grid-cols-3">
        <FormField
          label="Sale price"
          name="salePrice"
          inputMode="decimal"
          required
          placeholder="9.99"
          defaultValue={value('salePrice', '')}
          error={error('salePrice')}
        />
        <FormField
          label="Units"
          name="units"
          inputMode="numeric"
          required
          defaultValue={value('units', '')}
          error={error('units')}
        />
        <FormField
          label="Limit per customer"
          name="perCustomerLimit"
          inputMode="numeric"
          required
          defaultValue={value('perCustomerLimit', '1')}
          error={error('perCustomerLimit')}
        />
      </div>
      <ZoneNote />
      <div className="grid gap-5 sm:grid-cols-2">
        <ZonedTimeField
          label="Starts at"
          name="startsAt"
          initial={value('startsAtLocal', '')}
          error={error('startsAt')}
        />
        <ZonedTimeField
          label="Ends at"
          name="endsAt"
          initial={value('endsAtLocal', '')}
          error={error('endsAt')}
        />
      </div>
      <fieldset className="grid gap-5 sm:grid-cols-2">
        <legend className="mb-2 text-sm font-semibold text-zinc-800">
          Waiting room (optional): a fair line in front of the sale
        </legend>
        <FormField
          label="Shoppers at once"
          name="activeShoppers"
          inputMode="numeric"
          placeholder="Empty: no line"
          defaultValue={value('activeShoppers', '')}
          error={error('activeShoppers')}
        />
        <FormField
          label="Admission minutes"
          name="admissionMinutes"
          inputMode="numeric"
          placeholder="Empty: 10"
          defaultValue={value('admissionMinutes', '')}
          error={error('admissionMinutes')}
        />
      </fieldset>
      <div className="flex items-center gap-4">
        <button type="submit" className={primaryButton} disabled={pending}>
          Schedule sale
        </button>
        <Link href="/admin/sales" className="text-sm font-medium text-zinc-600 hover:text-brand-700">
          Back to sales
        </Link>
      </div>
    </form>
  );
}
