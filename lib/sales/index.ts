import 'server-only';

/*
 * Sales (drops): scheduled events that sell products at a sale price, a set number of units, a limit per
 * customer across orders. PostgreSQL holds them (lib/db/schema.ts: sales, sale_items, sale_purchases) and
 * decides every sale in place_order (drizzle/0007_sales.sql); every instance keeps a copy of the current
 * ones (./registry.ts), reloaded on each change published on one Redis channel (./events.ts).
 */

export { publishSaleChange } from './events';
export { withItems, type SaleRecord, type SaleRecordItem } from './load';
export { closeSaleRegistry, getSaleRegistry, SaleRegistry } from './registry';
export {
  parseSaleId,
  saleStatus,
  type LineFront,
  type ProductSale,
  type Sale,
  type SaleItem,
  type SaleStatus,
} from './types';
export { recordStatus, toProductSale, toSale } from './view';

// Scheduling, cancelling and ending sales; the API's and pages' reads.
export { findProductSale, findSale, listCurrentSales, listSales } from './read';
export { seedSha256 } from './seed';

// Buying in a sale: the sale gate (units and each customer's allowance in one Lua step).
export {
  getSaleGate,
  primeSaleGate,
  productsInSale,
  readSaleSeedFromPostgres,
  resetSaleGate,
  type ProductInSale,
} from './buying';
export { NoAdmissionError, NotStartedError, OverLimitError, queuePathOf } from './errors';
export {
  SALE_HOLD_MS,
  SaleGate,
  type SaleAllowance,
  type SaleGateDecision,
  type SaleHold,
  type SaleLine,
} from './gate';

// Live stock: the event streams and the prewarm.
export { closeSaleStreams, getSaleStreams, HEARTBEAT_MS, SaleStreams } from './live';
export { currentProductSale } from './live-page';
