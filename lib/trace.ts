import { AsyncLocalStorage } from 'node:async_hooks';

/*
 * A per-call trace of what one piece of work asked of Redis and PostgreSQL, in order, with timings: the
 * admin's "trace a page view" (lib/admin/redis-demo). The Redis client factory (lib/redis/traced.ts) and the
 * database client (lib/db/client.ts) report every call here. When no trace runs anywhere in the process —
 * always, for shoppers — a report costs one property check and returns; only while a
 * trace runs does it look up the caller's async context (AsyncLocalStorage), so commands that other
 * requests send meanwhile on the same shared client are never mixed in.
 */

export type TraceLayer = 'redis' | 'sql';

/** One call as the trace reports it. */
export interface TracedCall {
  layer: TraceLayer;
  /** Redis: the command name (EVALSHA, GET, …); SQL: the statement. */
  name: string;
  args: readonly unknown[];
  /** When the call was sent, from the start of the trace (ms). */
  offsetMs: number;
  /** Until its reply; null when it had none when the trace ended. */
  durationMs: number | null;
  reply?: unknown;
  error?: string;
}

/** What a reporter holds on to, to settle the call when its reply comes. */
export interface PendingCall {
  readonly trace: Trace;
  readonly call: TracedCall;
  readonly startedAt: number;
}

interface Trace {
  startedAt: number;
  calls: TracedCall[];
  /** Closed when withTrace returns: a late call from a socket this trace opened is not recorded. */
  open: boolean;
}

interface Tracer {
  storage: AsyncLocalStorage<Trace>;
  /** Traces running in this process: while 0, reporting is one property check. */
  running: number;
}

// One tracer per process, on globalThis: Next.js may bundle this module more than once (a route's bundle,
// a page's), and the shared Redis client's hook must see the traces any of them starts.
const globalForTrace = globalThis as unknown as { storefrontTracer?: Tracer };
const tracer = (globalForTrace.storefrontTracer ??= {
  storage: new AsyncLocalStorage<Trace>(),
  running: 0,
});

/** Whether any trace runs in this process: the hooks' whole cost while none does. */
export const tracing = (): boolean => tracer.running > 0;

/** Records a call being sent, if the caller runs inside withTrace; undefined (and nothing done) otherwise. */
export function traceCall(
  layer: TraceLayer,
  name: string,
  args: readonly unknown[],
): PendingCall | undefined {
  if (tracer.running === 0) return undefined;
  const trace = tracer.storage.getStore();
  if (!trace?.open) return undefined;
  const startedAt = performance.now();
  const call: TracedCall = { layer, name, args, offsetMs: startedAt - trace.startedAt, durationMs: null };
  trace.calls.push(call);
  return { trace, call, startedAt };
}

/** Records the reply (or the error) of a call traceCall recorded. */
export function settleCall(pending: PendingCall, outcome: { reply: unknown } | { error: unknown }): void {
  if (!pending.trace.open) return;
  pending.call.durationMs = performance.now() - pending.startedAt;
  if ('reply' in outcome) pending.call.reply = outcome.reply;
  else pending.call.error = outcome.error instanceof Error ? outcome.error.message : String(outcome.error);
}

export interface TraceResult<T> {
  value: T;
  calls: TracedCall[];
  elapsedMs: number;
}

/** Runs `work` and returns what it sent to Redis and PostgreSQL, in the order it was sent. */
export async function withTrace<T>(work: () => Promise<T>): Promise<TraceResult<T>> {
  const trace: Trace = { startedAt: performance.now(), calls: [], open: true };
  tracer.running += 1;
  try {
    const value = await tracer.storage.run(trace, work);
    return { value, calls: trace.calls.map((call) => ({ ...call })), elapsedMs: elapsed(trace) };
  } finally {
    trace.open = false;
    tracer.running -= 1;
  }
}

const elapsed = (trace: Trace) => performance.now() - trace.startedAt;
