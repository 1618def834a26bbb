import type postgres from 'postgres';
import { settleCall, traceCall } from '../trace';

/**
 * Reports every statement Drizzle sends through `sql` to the running trace, if any (lib/trace.ts), timed
 * from the call until its rows arrive. Drizzle runs every query it builds through `sql.unsafe()` and then
 * awaits it, so wrapping that one function sees them all (statements inside `sql.begin()` transactions run
 * on another object and are not traced: no read path uses one). With no trace running it costs one
 * comparison per statement. postgres.js's own `debug` option was the other candidate, but it records a
 * stack trace for every query whenever it is set, which is not free.
 */
type Settle = (value: unknown) => unknown;

export function traceStatements(sql: postgres.Sql): postgres.Sql {
  const unsafe = sql.unsafe.bind(sql);
  const traced = ((...args: Parameters<typeof sql.unsafe>) => {
    const [query, params] = args;
    const pending = traceCall('sql', query, Array.isArray(params) ? params : []);
    const pendingQuery = unsafe(...args);
    if (!pending) return pendingQuery;
    // Awaiting is what runs a postgres.js query, so the timing hooks onto the caller's own `then`, not a
    // second one that would start it early.
    type Then = (onFulfilled?: Settle | null, onRejected?: Settle | null) => Promise<unknown>;
    const then = (pendingQuery.then as Then).bind(pendingQuery);
    const timedThen: Then = (onFulfilled, onRejected) =>
      then(
        (rows) => {
          settleCall(pending, { reply: Array.isArray(rows) ? `${rows.length} rows` : rows });
          return onFulfilled ? onFulfilled(rows) : rows;
        },
        (error: unknown) => {
          settleCall(pending, { error });
          if (onRejected) return onRejected(error);
          throw error;
        },
      );
    pendingQuery.then = timedThen as typeof pendingQuery.then;
    return pendingQuery;
  }) as typeof sql.unsafe;
  sql.unsafe = traced;
  return sql;
}
