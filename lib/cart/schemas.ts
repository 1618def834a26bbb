import { z } from 'zod';
import { wholeNumberText } from '../validation';
import { MAX_QUANTITY } from './types';

/*
 * Cart input. JSON bodies must carry real numbers; form fields arrive as strings, so the form variants
 * accept digit strings too. Either way a quantity is a whole number: 1–99 to add, 0–99 to set (0 removes).
 */

const PRODUCT_ID_MESSAGE = 'productId must be a positive whole number';
const PG_INT_MAX = 2_147_483_647;

const wholeNumber = (min: number, message: string, fromForm: boolean) => {
  const base = fromForm ? wholeNumberText(message) : z.number({ error: message });
  return base.pipe(
    z.int({ error: message }).min(min, { error: message }).max(MAX_QUANTITY, { error: message }),
  );
};

const productId = (fromForm: boolean) => {
  const base = fromForm ? wholeNumberText(PRODUCT_ID_MESSAGE) : z.number({ error: PRODUCT_ID_MESSAGE });
  return base.pipe(
    z
      .int({ error: PRODUCT_ID_MESSAGE })
      .min(1, { error: PRODUCT_ID_MESSAGE })
      .max(PG_INT_MAX, { error: PRODUCT_ID_MESSAGE }),
  );
};

const ADD_MESSAGE = `Enter a whole number from 1 to ${MAX_QUANTITY}`;
const SET_MESSAGE = `Enter a whole number from 0 to ${MAX_QUANTITY}`;

export const addItemSchema = z.object({
  productId: productId(false),
  quantity: wholeNumber(1, ADD_MESSAGE, false),
});
export const addItemFormSchema = z.object({
  productId: productId(true),
  quantity: wholeNumber(1, ADD_MESSAGE, true),
});

export const setQuantitySchema = z.object({ quantity: wholeNumber(0, SET_MESSAGE, false) });
/** The cart page's line form: its "Update" and "Remove" buttons send `intent`. */
export const cartLineFormSchema = z.discriminatedUnion('intent', [
  z.object({
    intent: z.literal('update'),
    productId: productId(true),
    quantity: wholeNumber(0, SET_MESSAGE, true),
  }),
  z.object({ intent: z.literal('remove'), productId: productId(true) }),
]);

/** The `{productId}` of `/api/cart/items/{productId}`. */
export const productIdParamSchema = z.object({ productId: productId(true) });
