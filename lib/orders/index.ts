/**
 * Orders: checkout (the cart becomes an order, never overselling), and orders as their owners and the
 * admins read and cancel them. Every function takes the request context and checks the caller itself.
 */
export { cancelOrder } from './cancel';
export { checkout, CheckoutInProgressError, type CheckoutOutcome } from './checkout';
export { OutOfStockError } from './place';
export { readCheckoutMinutes, type CheckoutMinute } from './stats';
export { getOrder, listLatestOrders, listMyOrders } from './read';
export type * from './types';
