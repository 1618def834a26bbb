import postgres from 'postgres';
import { databaseUrlNamed } from './run-env';

/**
 * PostgreSQL's own count of the work done on a database: table scans (sequential and index) over the
 * catalog's tables (what a page's data costs; not the instances' own background work, such as the cache
 * invalidation outbox's sweep every few seconds). A server process reports its statistics when it exits, or up to ten seconds after it goes
 * idle; ending the storefront's idle connections makes the count exact now (the pool reconnects).
 * The transactions are read from the maintenance database: this reader's own statements (each one a
 * transaction) would otherwise count as the storefront's.
 */
const CATALOG_TABLES = ['products', 'categories', 'reviews'];
const PAGE_DATA_TABLES = ['categories', 'reviews'];

export class PostgresWork {
  private readonly sql: postgres.Sql;
  private readonly outside: postgres.Sql;

  constructor(private readonly databaseUrl: string) {
    this.sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
    this.outside = postgres(databaseUrlNamed('postgres', databaseUrl), { max: 1, onnotice: () => {} });
  }

  async scans(tables: readonly string[] = CATALOG_TABLES): Promise<number> {
    await this.flush();
    await this.sql`select pg_stat_clear_snapshot()`;
    const [row] = await this.sql`
      select coalesce(sum(seq_scan + coalesce(idx_scan, 0)), 0)::int as n from pg_stat_user_tables
      where relname in ${this.sql(tables)}`;
    return row?.n ?? 0;
  }

  /**
   * Scans of the tables only a product's page data reads (its category, its reviews): a catalog read for
   * a page, told apart from the sale registry's reloads, which read products (and sales) but neither of
   * these. What the sale specs count in a sale's first seconds.
   */
  pageDataScans(): Promise<number> {
    return this.scans(PAGE_DATA_TABLES);
  }

  /** Transactions committed and rolled back on the database (a plain statement is one transaction too). */
  async transactions(): Promise<number> {
    await this.flush();
    const [row] = await this.outside`
      select (xact_commit + xact_rollback)::int as n from pg_stat_database where datname = ${this.name}`;
    return row?.n ?? 0;
  }

  private get name(): string {
    return decodeURIComponent(new URL(this.databaseUrl).pathname.slice(1));
  }

  /** Makes every storefront connection report its statistics now (they do as their process exits). */
  private async flush(): Promise<void> {
    const name = this.name;
    await this.outside`
      select pg_terminate_backend(pid) from pg_stat_activity
      where datname = ${name} and application_name = 'storefront' and state = 'idle'`;
    // Terminated backends report as they exit; wait until they are gone.
    for (let attempt = 0; attempt < 100; attempt += 1) {
      const [row] = await this.outside`
        select count(*)::int as n from pg_stat_activity
        where datname = ${name} and application_name = 'storefront' and state = 'idle'`;
      if (row?.n === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await this.outside`select pg_stat_clear_snapshot()`;
  }

  /** The table scans that `action` caused. */
  async during(action: () => Promise<unknown>): Promise<number> {
    const before = await this.scans();
    await action();
    return (await this.scans()) - before;
  }

  async close(): Promise<void> {
    await Promise.all([this.sql.end({ timeout: 5 }), this.outside.end({ timeout: 5 })]);
  }
}
