/*
 * Shared in-process primitives (no I/O, no imports): the cache engine, the stock gate and the password
 * checks all bound or coalesce their work with them.
 */
export { NoSlotError, Semaphore } from './semaphore';
export { SingleFlight } from './single-flight';
