/** One line of a cart, priced with the catalog's current price (contract: `GET /api/cart`). */
export interface CartLine {
  productId: number;
  slug: string;
  name: string;
  quantity: number;
  unitPriceCents: number;
  lineTotalCents: number;
}

/** A cart as every reader gets it; `count` is the sum of the quantities. */
export interface CartView {
  items: CartLine[];
  count: number;
  subtotalCents: number;
}

/** A cart write's answer: the cart after it, and a note when the quantity had to be lowered to fit. */
export interface CartChange {
  cart: CartView;
  notice?: string;
}

/** The most of one product a cart may hold, whatever the stock. */
export const MAX_QUANTITY = 99;

/**
 * The most lines (different products) a cart may hold. With MAX_QUANTITY it bounds what one checkout can
 * ask of PostgreSQL and the stock gate, and what one cart costs Redis.
 */
export const MAX_LINES = 50;
