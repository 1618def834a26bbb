/*
 * One cache library as the data-layer part drives it: a get-or-load of one key over the run's Redis. Every
 * peer is built the way its documentation shows, with its own stampede protection and in-process tier where
 * it has them, and the same entry TTL, so the part compares libraries and not settings.
 */

/** A row as the loader returns it (what every peer caches). */
export type ProductRow = Record<string, unknown>;

export type Load = () => Promise<ProductRow | null>;

export interface PeerCache {
  /** The value of `key`: cached, or loaded once by `load` (as often as the library lets it run) and stored. */
  getOrLoad(key: string, load: Load): Promise<unknown>;
  /** Closes every connection the peer opened (idempotent). */
  close(): Promise<void>;
}

export interface PeerSettings {
  redisUrl: string;
  /** Every Redis key the peer writes starts with it. */
  keyPrefix: string;
}

export interface Peer {
  /** Short name for figures (`data_layer_<id>_…`) and the worker's argv. */
  id: PeerId;
  /** As the tables show it. */
  label: string;
  /** How it is set up, for the table note: its in-process tier and its stampede protection. */
  setup: string;
  create(settings: PeerSettings): Promise<PeerCache>;
}

export type PeerId = 'ours' | 'bentocache' | 'cachified' | 'cache_manager' | 'cache_aside';

/** The entry TTL every peer is given (the storefront's CACHE_TTL_SECONDS default): nothing expires in a run. */
export const ENTRY_TTL_SECONDS = 3600;

/** Runs `close` once, however often it is called (a phase closes its peer, and the run's cleanup again). */
export function closeOnce(close: () => Promise<unknown>): () => Promise<void> {
  let closing: Promise<void> | undefined;
  return () => (closing ??= close().then(() => undefined));
}
