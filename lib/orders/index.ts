/**
 * Orders: checkout (the cart becomes an order, never overselling), and orders as their owners and the
 * admins read and cancel them. Every function takes the request context and checks the caller itself.
 */
export { cancelOrder } from './cancel';
export { checkout, CheckoutInProgressError, type CheckoutOutcome, type CheckoutRequest } from './checkout';
export { OutOfStockError, TotalChangedError } from './place';
export { canReadOrder, getOrder, listLatestOrders, listMyOrders } from './read';
export type * from './types';
