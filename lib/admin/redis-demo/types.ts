/** What the demo page shows: plain data, safe to hand to client components and to keep as JSON in Redis. */

/** One command (or SQL statement) as the log shows it. */
export interface LogLine {
  /** The step (1–6) that sent it; 0 for a trace. */
  step: number;
  layer: 'redis' | 'sql';
  /** As sent, shortened: keys of the run shown from `~` (the run's prefix), long values cut. */
  command: string;
  reply: string;
  /** Until its reply (ms); null when it had none yet. */
  ms: number | null;
}

/** A step as the page lists it. */
export interface StepView {
  number: number;
  title: string;
  explanation: string;
  /** What it measured, once it ran. */
  summary: string | null;
}

/** One read of the trace: what it sent, and how long the whole read took. */
export interface TracedRead {
  lines: LogLine[];
  elapsedMs: number;
  /** Where the value came from, in words. */
  outcome: string;
}

export interface ProductTrace {
  slug: string;
  cold: TracedRead;
  /** The same instance again: its in-process tier (L1) answers. */
  warmL1: TracedRead;
  /** Another instance, whose L1 does not hold it: one GET. */
  warmRedis: TracedRead;
}

export interface DemoView {
  /** The prefix every key of the run starts with (shown as `~` in the log). */
  runPrefix: string | null;
  steps: StepView[];
  /** The step "Step" runs next (1-based); steps.length + 1 once all ran. */
  next: number;
  log: LogLine[];
  trace: ProductTrace | null;
  /** Products to pick for the trace (slugs). */
  products: string[];
}
