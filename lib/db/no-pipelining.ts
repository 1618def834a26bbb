import type postgres from 'postgres';
import { Semaphore } from '../concurrency';

/**
 * The pool for a transaction pooler (DATABASE_POOLER=transaction): never more statements and transactions
 * in flight than it has connections, so postgres.js never pipelines.
 *
 * When every connection is busy, postgres.js sends the next statement on one of them without waiting for
 * the one running there. Without prepared statements (which a transaction pooler rules out), a statement
 * with parameters first asks PostgreSQL for their types (Parse, Describe, Flush: no Sync). Sent behind
 * another statement, that question reaches the server connection just before the first statement's
 * ReadyForQuery, on which PgBouncer 1.18 (Debian's, what the scale-out and Docker run) hands the server
 * connection to another client: the answer is lost and the statement waits for ever (pgbouncer/pgbouncer
 * #759). A checkout hung that way in the PgBouncer drill until nginx's 30 s timeout. postgres.js's
 * `max_pipeline` cannot be 0 (its transactions need a pipeline of one), so the line forms here instead:
 * statements past the pool's size wait for a slot, in arrival order, and reach postgres.js only when a
 * connection is free. A transaction holds its slot from `begin` to its end; its own statements run on
 * the connection it holds and wait for nothing.
 */
export function withoutPipelining(sql: postgres.Sql, connections: number): postgres.Sql {
  const slots = new Semaphore(connections);
  const unsafe = sql.unsafe.bind(sql);
  sql.unsafe = ((...args: Parameters<typeof sql.unsafe>) =>
    inLine(unsafe(...args), slots)) as typeof sql.unsafe;
  const begin = sql.begin.bind(sql) as (...args: unknown[]) => Promise<unknown>;
  sql.begin = ((...args: unknown[]) => slots.run(() => begin(...args))) as typeof sql.begin;
  // The tagged template, sql`…`; a fragment (a sql`…` inside another) is never awaited, so never waits.
  return new Proxy(sql, {
    apply: (fn, thisArg, args: unknown[]) => inLine(Reflect.apply(fn, thisArg, args) as unknown, slots),
  });
}

interface LazyQuery {
  then: Promise<unknown>['then'];
  catch: Promise<unknown>['catch'];
  finally: Promise<unknown>['finally'];
}

const isQuery = (value: unknown): value is LazyQuery =>
  typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';

/**
 * A postgres.js query runs when first awaited (its `then`, `catch` or `finally`): each now first waits for
 * a slot, and the query keeps it until its rows or its error arrive. Builder methods (`.values()`, …)
 * return the query itself, so they keep the hooks. Anything else (what `sql(…)` makes for identifiers and
 * lists) passes as it is.
 */
function inLine<Q>(query: Q, slots: Semaphore): Q {
  if (!isQuery(query)) return query;
  const own = query.then;
  let answer: Promise<unknown> | undefined;
  const run = () =>
    (answer ??= slots.run(() => new Promise((resolve, reject) => void own.call(query, resolve, reject))));
  query.then = ((onFulfilled, onRejected) => run().then(onFulfilled, onRejected)) as LazyQuery['then'];
  query.catch = ((onRejected) => run().catch(onRejected)) as LazyQuery['catch'];
  query.finally = ((onFinally) => run().finally(onFinally)) as LazyQuery['finally'];
  return query;
}
