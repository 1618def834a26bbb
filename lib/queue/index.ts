import 'server-only';

/*
 * A sale's line (the waiting room, docs/queue.md): a fair, verifiable order for a queued sale's opening.
 * The line lives on the sessions Redis (./store.ts, ./scripts.ts); each instance reads it once a second
 * for all of its waiting shoppers (./lines.ts); a shopper's status comes from that reading
 * (./status.ts, answered by ./requests.ts); an admitted shopper carries a signed cookie checked with no
 * Redis command (./admission.ts), which the product, the cart and checkout ask for (./door.ts).
 */

export { admissionCookieName, admissionOf, openAdmission, sealAdmission, writeAdmission } from './admission';
export type { Admission } from './admission';
export { closeQueueLines, getQueueLines, specOf, TICK_MS, type LineView, type QueueLines } from './lines';
export {
  confirmAdmission,
  guardedByLine,
  holdsAdmission,
  lineGuardingProduct,
  lineGuardingSlug,
  queuedSaleOf,
  requireAdmission,
} from './door';
export { drawOrder, drawValue } from './order';
export { joinSaleLine, saleLineStatus, type LineStatusBody } from './requests';
export {
  joinLine,
  MIN_RETRY_SECONDS,
  standingOf,
  type QueueStatus,
  type QueueStatusName,
  type StandingAnswer,
} from './status';
export { QueueStore, type LineSnapshot, type LineSpec, type Standing } from './store';
export { rememberedWaiter, rememberedWaiterWhenAway } from './waiters';
