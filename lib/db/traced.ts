import type postgres from 'postgres';
import { dbSpan, spansOn, summarizeSql, type DbCall, type DbSpan } from '../telemetry';
import { settleCall, traceCall, tracing, type PendingCall } from '../trace';

/**
 * The one wrapping point of every statement the storefront sends to PostgreSQL: Drizzle's (it runs each
 * query it builds through `sql.unsafe()`), the tagged-template statements of `getSql()` (checkout's
 * place_order among them), and both inside transactions (`sql.begin()`, which Drizzle's `transaction()`
 * uses). Each statement is reported, timed from the moment it is awaited (what runs a postgres.js query)
 * until its rows arrive, to the two things that may be watching:
 *   - the running trace of the admin's "trace a page view", if any (lib/trace.ts);
 *   - OpenTelemetry, when spans are on (lib/telemetry): a CLIENT span per statement, by the database
 *     conventions (`db.system.name` postgresql, `db.operation.name`, `db.query.summary`, `server.address`,
 *     `db.namespace`, and the parameterized text: values are never in it).
 * With neither watching it costs two comparisons per statement. postgres.js's own `debug` option was the
 * other candidate, but it records a stack trace for every query whenever it is set, which is not free.
 */

type Settle = (value: unknown) => unknown;
type Then = (onFulfilled?: Settle | null, onRejected?: Settle | null) => Promise<unknown>;

interface Target {
  server?: DbCall['server'];
  namespace?: string;
}

export function traceStatements(sql: postgres.Sql): postgres.Sql {
  const { host, port, database } = sql.options;
  const target: Target = {
    server: host[0] ? { address: host[0], port: port[0] } : undefined,
    namespace: database,
  };
  return traced(sql, target);
}

function traced(sql: postgres.Sql, target: Target): postgres.Sql {
  const unsafe = sql.unsafe.bind(sql);
  sql.unsafe = ((...args: Parameters<typeof sql.unsafe>) => {
    const query = unsafe(...args);
    if (!watching()) return query;
    const [text, params] = args;
    return watched(query, text, params, target);
  }) as typeof sql.unsafe;
  // A transaction's statements run on a client of its own, handed to the callback: watched the same way
  // (a transaction's client has no `begin`; its savepoints' statements are not watched).
  if (typeof sql.begin === 'function') {
    const begin = sql.begin.bind(sql) as (...args: unknown[]) => Promise<unknown>;
    sql.begin = ((...args: unknown[]) => {
      const work = args.at(-1) as (tx: postgres.TransactionSql) => unknown;
      return begin(...args.slice(0, -1), (tx: postgres.TransactionSql) =>
        work(traced(tx as unknown as postgres.Sql, target) as unknown as postgres.TransactionSql),
      );
    }) as typeof sql.begin;
  }
  // The tagged template, sql`…`: the function itself is called. Fragments (a sql`…` inside another) are
  // never awaited, so they are never reported.
  return new Proxy(sql, {
    apply(fn, thisArg, args: unknown[]) {
      const result = Reflect.apply(fn, thisArg, args) as unknown;
      if (!watching()) return result;
      const [strings, ...values] = args;
      if (!isTemplate(strings) || !isThenable(result)) return result;
      const text = strings.reduce((sent, part, index) => `${sent}$${index}${part}`);
      return watched(result, text, values, target);
    },
  });
}

/** Whether anything watches statements now: while nothing does, a statement costs two comparisons. */
const watching = () => tracing() || spansOn();

const isTemplate = (value: unknown): value is TemplateStringsArray => Array.isArray(value) && 'raw' in value;

const isThenable = (value: unknown): value is { then: Then } =>
  typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';

/**
 * Hooks the reports onto the query's own `then`, the first time it is called: awaiting is what runs a
 * postgres.js query, so a second `then` of our own would start it early.
 */
function watched<Q extends { then: unknown }>(query: Q, text: string, params: unknown, target: Target): Q {
  const then = (query.then as Then).bind(query);
  let reported = false;
  const timedThen: Then = (onFulfilled, onRejected) => {
    if (reported) return then(onFulfilled, onRejected);
    reported = true;
    const pending = traceCall('sql', text, Array.isArray(params) ? params : []);
    const span = spansOn() ? statementSpan(text, target) : undefined;
    return then(
      (rows) => {
        settle(pending, span, { reply: Array.isArray(rows) ? `${rows.length} rows` : rows });
        return onFulfilled ? onFulfilled(rows) : rows;
      },
      (error: unknown) => {
        settle(pending, span, { error });
        if (onRejected) return onRejected(error);
        throw error;
      },
    );
  };
  query.then = timedThen as Q['then'];
  return query;
}

const QUERY_TEXT_MAX = 2048;

function statementSpan(text: string, target: Target): DbSpan {
  const { operation, summary } = summarizeSql(text);
  return dbSpan({
    system: 'postgresql',
    operation,
    summary,
    ...target,
    queryText: text.length > QUERY_TEXT_MAX ? `${text.slice(0, QUERY_TEXT_MAX)}…` : text,
  });
}

function settle(
  pending: PendingCall | undefined,
  span: DbSpan | undefined,
  outcome: { reply: unknown } | { error: unknown },
): void {
  if (pending) settleCall(pending, outcome);
  if (!span) return;
  if ('reply' in outcome) return span.end();
  // A PostgreSQL error carries its SQLSTATE; a connection failure has none of its own.
  const code = (outcome.error as { code?: unknown }).code;
  const sqlState = typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
  span.end({ error: outcome.error, statusCode: sqlState });
}
