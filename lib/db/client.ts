import { drizzle, type PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { getConfig } from '../config';
import * as schema from './schema';
import { traceStatements } from './traced';

export type Database = PostgresJsDatabase<typeof schema>;

interface DbHandle {
  sql: postgres.Sql;
  db: Database;
}

// One pool per process. Kept on globalThis so that development reloads reuse it instead of leaking one
// pool per edit.
const globalForDb = globalThis as unknown as { storefrontDb?: DbHandle };

function open(): DbHandle {
  const sql = postgres(getConfig().DATABASE_URL, {
    max: 10,
    idle_timeout: 30,
    connect_timeout: 5,
    // After a failed connection postgres.js makes the next query wait before it tries again, growing to
    // 20 s by default: during an outage every page that asks PostgreSQL hung that long instead of
    // answering 503, and after the restart queries kept waiting out the delay. At most half a second here
    // (a refused connection is cheap, and the pool's 10 connections bound the retries).
    backoff: (retries: number) => Math.min(0.05 * 2 ** retries, 0.5),
    // A page must fail fast rather than queue behind a stuck query (ms; set per connection).
    connection: { statement_timeout: 10_000, application_name: 'storefront' },
    onnotice: () => {},
  });
  // Traced (./traced.ts): the admin's trace of a page view lists the SQL a read ran.
  return { sql, db: drizzle(traceStatements(sql), { schema }) };
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
