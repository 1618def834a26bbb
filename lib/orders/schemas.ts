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

/**
 * An order's id in a path. Anything that is not one is answered like an id never used (404, by the data
 * layer): an order id is never a "bad request", so probing learns nothing from the status.
 */
export const orderIdParamsSchema = z.object({
  id: z.string().transform((text) => (/^[1-9]\d{0,14}$/.test(text) ? Number(text) : 0)),
});

export const ORDERS_PAGE_SIZE = 20;

export const ordersQuerySchema = z.object({
  page: wholeNumberText('page must be a whole number')
    .pipe(z.number().int().min(1, 'page must be at least 1').max(10_000, 'page must be at most 10000'))
    .optional(),
});

const TOTAL_MESSAGE = 'expectedTotalCents must be a whole number of cents, 0 or more';

/** A total in cents: a non-negative safe integer (an order's total is a bigint; any cart's fits one). */
const totalCents = z
  .number({ error: TOTAL_MESSAGE })
  .int({ error: TOTAL_MESSAGE })
  .min(0, { error: TOTAL_MESSAGE })
  .max(Number.MAX_SAFE_INTEGER, { error: TOTAL_MESSAGE });

// An unknown name is a field error, not dropped: a misspelt `expectedTotal` must not pass for a check made.
// (Not z.never(): Zod reads a never catchall as "strict" and reports the key without a field path.)
const unknownField = z.custom<never>(() => false, { error: 'This is not a checkout field.' });

/**
 * `POST /api/checkout`'s body, optional as a whole: `expectedTotalCents`, the cart's total as the shopper
 * saw it; when the cart costs otherwise now, the checkout answers 409 with the new total.
 */
export const checkoutBodySchema = z
  .object({ expectedTotalCents: totalCents.optional() }, { error: 'The body must be a JSON object.' })
  .catchall(unknownField);

/** The cart page's "Place order" form: the key it was rendered with, and the total it showed. */
export const placeOrderFormSchema = z.object({
  idempotencyKey: idempotencyKeySchema,
  expectedTotalCents: z
    .string({ error: TOTAL_MESSAGE })
    .trim()
    .regex(/^\d{1,15}$/, { error: TOTAL_MESSAGE })
    .transform(Number)
    .pipe(totalCents),
});
