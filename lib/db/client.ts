import { drizzle, type PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { getConfig, type Config } from '../config';
import * as schema from './schema';
import { withoutPipelining } from './no-pipelining';
import { traceStatements } from './traced';

export type Database = PostgresJsDatabase<typeof schema>;

interface DbHandle {
  sql: postgres.Sql;
  db: Database;
}

// One pool per process. Kept on globalThis so that development reloads reuse it instead of leaking one
// pool per edit.
const globalForDb = globalThis as unknown as { storefrontDb?: DbHandle };

/** What every statement may take at most (ms): a page must fail fast rather than queue behind a stuck one. */
export const STATEMENT_TIMEOUT_MS = 10_000;

/** Whether DATABASE_URL is PgBouncer in transaction mode: no prepared statements, no pipelining. */
const transactionPooled = (config: Pick<Config, 'DATABASE_POOLER'>) =>
  config.DATABASE_POOLER === 'transaction';

/** The pool's options for a configuration: what `getSql()` connects with. */
export function poolOptions(
  config: Pick<Config, 'DATABASE_POOLER' | 'DATABASE_POOL_SIZE'>,
): postgres.Options<Record<string, never>> {
  // A transaction pooler (PgBouncer in transaction mode) hands each transaction to any server connection:
  // a statement prepared on one is unknown on the next (PgBouncer 1.18, Debian's, tracks none), and it
  // refuses settings in the startup packet. It sets the statement timeout itself (deploy/pgbouncer.ini).
  // Nor may statements be pipelined through it: open() puts them in line (./no-pipelining.ts).
  const pooled = transactionPooled(config);
  return {
    max: config.DATABASE_POOL_SIZE,
    idle_timeout: 30,
    connect_timeout: 5,
    prepare: !pooled,
    // After a failed connection postgres.js makes the next query wait before it tries again, growing to
    // 20 s by default: during an outage every page that asks PostgreSQL hung that long instead of
    // answering 503, and after the restart queries kept waiting out the delay. At most half a second here
    // (a refused connection is cheap, and the pool's size bounds the retries).
    backoff: (retries: number) => Math.min(0.05 * 2 ** retries, 0.5),
    // Set per connection (ms); application_name names the pool's connections in pg_stat_activity.
    connection: pooled
      ? { application_name: 'storefront' }
      : { statement_timeout: STATEMENT_TIMEOUT_MS, application_name: 'storefront' },
    // No pg_type query on each new connection: postgres.js drops that query's promise, so a connection
    // reset or cancelled while it runs (a restart, a failover, a killed backend) becomes an unhandled
    // rejection no caller can catch, which ends a Node process (porsager/postgres#1192, #1205, #1223; the
    // suite saw it as an ECONNRESET). The types only parse and serialize arrays: Drizzle parses its array
    // columns itself, and raw statements pass arrays as literals (`pgArray`).
    fetch_types: false,
    onnotice: () => {},
  };
}

/** An array parameter as PostgreSQL's literal (`{1,2,3}`), for a statement to cast (`${pgArray(ids)}::int[]`). */
export function pgArray(values: readonly number[]): string {
  if (!values.every(Number.isSafeInteger)) throw new TypeError('pgArray takes integers only');
  return `{${values.join(',')}}`;
}

function open(): DbHandle {
  const config = getConfig();
  // Traced (./traced.ts), Drizzle's statements and getSql()'s alike: the admin's trace of a page view lists
  // the SQL a read ran, and OpenTelemetry, when on, gets a span per statement.
  const pool = postgres(config.DATABASE_URL, poolOptions(config));
  const sql = traceStatements(
    transactionPooled(config) ? withoutPipelining(pool, config.DATABASE_POOL_SIZE) : pool,
  );
  return { sql, db: drizzle(sql, { schema }) };
}

function handle(): DbHandle {
  globalForDb.storefrontDb ??= open();
  return globalForDb.storefrontDb;
}

/** The process's Drizzle database. */
export function getDb(): Database {
  return handle().db;
}

/** The raw postgres.js client under it, for the few statements Drizzle does not express. */
export function getSql(): postgres.Sql {
  return handle().sql;
}

/** Ends the pool (scripts and tests call this so the process can exit). */
export async function closeDb(): Promise<void> {
  const current = globalForDb.storefrontDb;
  globalForDb.storefrontDb = undefined;
  await current?.sql.end({ timeout: 5 });
}
