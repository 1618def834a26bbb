import type { Instance } from '../tooling/next-instance';

/*
 * One part of `npm run bench` (scripts/bench.ts): it measures one thing against its alternatives and
 * returns tables for the report and named figures for the JSON record and docs/capacity.md. A part gets
 * everything it stands on from the context, made once per run and removed afterwards.
 */

/** How long a run takes: full (the README's figures), quick (a look in minutes), smoke (the test's run). */
export type BenchMode = 'full' | 'quick' | 'smoke';

export interface BenchContext {
  mode: BenchMode;
  /** The share of visitors who sign in and buy in the sign-in part (`--sign-in-share`, default 0.25). */
  signInShare: number;
  /** The run's own database: migrated and seeded with the demo catalog (`products` products). */
  databaseUrl: string;
  products: number;
  /** The run's own redis-server (no persistence, nothing else on it): parts may FLUSHALL, CONFIG RESETSTAT. */
  redisUrl: string;
  /** A fresh key prefix for a part (or a phase of one); removed by the run's cleanup. */
  keyPrefix(label: string): string;
  /**
   * A `next start` instance of the run's production build on the run's database and Redis; `env` adds to or
   * overrides its environment (e.g. CACHE_DISABLED). Stopped at the latest by the run's cleanup.
   */
  startInstance(env?: Record<string, string>): Promise<Instance>;
  /** A progress bar for a phase; off a terminal it prints a line every 2 s. */
  progress(label: string, total: number): Progress;
  /** Runs `undo` when the run ends (also on an error or Ctrl-C), newest first. */
  defer(label: string, undo: () => Promise<unknown>): void;
}

export interface Progress {
  increment(step?: number): void;
  update(value: number): void;
  stop(): void;
}

export type Cell = string | number;

export interface Table {
  title: string;
  columns: string[];
  rows: Cell[][];
  /** What to read from it, printed under it (one or two sentences). */
  note?: string;
}

export interface PartResult {
  tables: Table[];
  /** Named figures (e.g. `product_page_rps_32`), kept in the JSON record. */
  figures: Record<string, number>;
}

export interface BenchPart {
  /** Short name for `--only` and the JSON record, e.g. `pages`. */
  id: string;
  title: string;
  run(context: BenchContext): Promise<PartResult>;
}

/** Picks the figure for the mode: a full run's, a quick run's, or the smoke test's. */
export function byMode<T>(mode: BenchMode, values: Record<BenchMode, T>): T {
  return values[mode];
}
