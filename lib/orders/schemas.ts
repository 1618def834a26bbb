import { z } from 'zod';
import { wholeNumberText } from '../validation';

/*
 * Checkout and order input. Plain module: the cart page's form imports the key's rules too.
 */

/** `Idempotency-Key`: 1–255 printable ASCII characters (Stripe's limit; the IETF draft's header). */
export const idempotencyKeySchema = z
  .string({ error: 'The Idempotency-Key header is required.' })
  .min(1, 'The Idempotency-Key header is required.')
  .max(255, 'The Idempotency-Key header must be at most 255 characters.')
  .regex(/^[\x20-\x7e]+$/, 'The Idempotency-Key header must be printable ASCII characters.');

export const orderIdParamsSchema = z.object({
  id: wholeNumberText('No such order.').pipe(z.number().int().positive('No such order.')),
});

export const ORDERS_PAGE_SIZE = 20;

export const ordersQuerySchema = z.object({
  page: wholeNumberText('page must be a whole number')
    .pipe(z.number().int().min(1, 'page must be at least 1').max(10_000, 'page must be at most 10000'))
    .optional(),
});

/** The cart page's "Place order" form: the key it was rendered with. */
export const placeOrderFormSchema = z.object({ idempotencyKey: idempotencyKeySchema });
