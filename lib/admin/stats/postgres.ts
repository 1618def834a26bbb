import type postgres from 'postgres';

/*
 * PostgreSQL connections of the storefront: postgres.js keeps no pool statistics, but every connection it
 * opens names itself `application_name = 'storefront'` (lib/db/client.ts), so the server's own
 * pg_stat_activity counts them — every instance's pool together, by state.
 */

export interface PoolUse {
  /** The storefront's connections to this database, all instances together. */
  total: number;
  /** By pg_stat_activity state: active (running a query), idle, idle in transaction, … */
  byState: Record<string, number>;
  /** Connections the server allows in all (max_connections). */
  maxConnections: number;
}

export async function readPoolUse(sql: postgres.Sql): Promise<PoolUse> {
  const [states, [limit]] = await Promise.all([
    sql<{ state: string; count: number }[]>`
      select coalesce(state, 'unknown') as state, count(*)::int as count
      from pg_stat_activity
      where application_name = 'storefront' and datname = current_database()
      group by 1 order by 2 desc`,
    sql<{ max: number }[]>`select setting::int as max from pg_settings where name = 'max_connections'`,
  ]);
  const byState = Object.fromEntries(states.map((row) => [row.state, row.count]));
  return {
    total: states.reduce((sum, row) => sum + row.count, 0),
    byState,
    maxConnections: limit?.max ?? 0,
  };
}
