'use server';

import { refresh } from 'next/cache';
import { formAction } from '@/lib/http/action';
import { cancelOrder } from '@/lib/orders';
import { orderIdParamsSchema } from '@/lib/orders/schemas';

/*
 * The admin's "Cancel order": lib/orders checks the role, cancels, puts the units back in stock and
 * audits; refresh() sends the list back re-rendered with the new status (without JavaScript, the POST's
 * answer is that page).
 */
export const cancelOrderAction = formAction(orderIdParamsSchema, async ({ id }, ctx) => {
  await cancelOrder(ctx, id);
  refresh();
  return { status: 'ok', message: `Order #${id} was cancelled.` };
});
