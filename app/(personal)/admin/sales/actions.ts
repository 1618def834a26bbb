'use server';

import { refresh } from 'next/cache';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { cancelSale, createSale, endSale } from '@/lib/admin';
import { SALE_FORM_FIELDS, saleCreateSchema, saleFormSchema, toFormFields } from '@/lib/admin/sales/schemas';
import { RequestError } from '@/lib/errors';
import { formAction } from '@/lib/http/action';
import { parseInput } from '@/lib/http/validation';
import { wholeNumberText } from '@/lib/validation';

/*
 * The sale forms' server actions (they work without JavaScript: plain POSTs). The form's text becomes the
 * API's body and is checked by the API's own schema; lib/admin/sales checks the role, writes, audits and
 * announces. Errors come back beside the form's fields (the API's `items.0.units` is the form's "Units").
 */

export const createSaleAction = formAction(
  saleFormSchema,
  async (candidate, ctx) => {
    try {
      await createSale(ctx, parseInput(saleCreateSchema, candidate));
    } catch (error) {
      if (!(error instanceof RequestError)) throw error;
      throw new RequestError(error.status, error.message, toFormFields(error.fields));
    }
    redirect('/admin/sales?scheduled=1');
  },
  { keep: SALE_FORM_FIELDS },
);

const saleIdForm = z.object({
  id: wholeNumberText('The sale id must be a whole number.').pipe(z.number().int().positive()),
});

export const cancelSaleAction = formAction(saleIdForm, async ({ id }, ctx) => {
  await cancelSale(ctx, id);
  refresh();
  return { status: 'ok', message: `Sale #${id} was cancelled.` };
});

export const endSaleAction = formAction(saleIdForm, async ({ id }, ctx) => {
  await endSale(ctx, id);
  refresh();
  return { status: 'ok', message: `Sale #${id} has ended.` };
});
