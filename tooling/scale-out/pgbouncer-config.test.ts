import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CAPACITY_MODEL,
  connectionParameters,
  iniSection,
  PGBOUNCER_TEMPLATE,
  poolPlan,
  renderPgbouncerConfig,
  type PoolPlan,
} from './pgbouncer-config';
import { SCALE_OUT_DEFAULTS } from './topology';

const template = readFileSync(PGBOUNCER_TEMPLATE, 'utf8');
const SETTINGS: Record<keyof PoolPlan, string> = {
  instancePool: 'DATABASE_POOL_SIZE',
  maxClientConn: 'max_client_conn',
  defaultPoolSize: 'default_pool_size',
  reservePoolSize: 'reserve_pool_size',
  maxDbConnections: 'max_db_connections',
};

describe('the capacity model for PgBouncer', () => {
  it("stays inside PostgreSQL's stock connections for a 50-instance fleet whose pools add up to five times them", () => {
    const fleet = poolPlan(CAPACITY_MODEL.instances);
    expect(fleet).toEqual({
      instancePool: 10,
      maxClientConn: 1050,
      defaultPoolSize: 20,
      reservePoolSize: 5,
      maxDbConnections: 25,
    });
    // Every instance's pool, old and new ones during a rolling deploy, is a client PgBouncer admits.
    expect(fleet.maxClientConn).toBeGreaterThan(2 * CAPACITY_MODEL.instances * fleet.instancePool);
    // PostgreSQL keeps three quarters of its connections for the rest (migrations, exporters, operators).
    expect(fleet.maxDbConnections).toBeLessThanOrEqual(CAPACITY_MODEL.postgresMaxConnections / 4);
  });

  it('scales with the instances, never below two server connections and one in reserve', () => {
    expect(poolPlan(1)).toMatchObject({ defaultPoolSize: 2, reservePoolSize: 1, maxDbConnections: 3 });
    expect(poolPlan(3)).toMatchObject({ maxClientConn: 110, defaultPoolSize: 2, maxDbConnections: 3 });
    expect(poolPlan(16)).toMatchObject({ maxClientConn: 370, defaultPoolSize: 7, reservePoolSize: 2 });
  });

  it('is what docs/capacity.md states, for 50 instances and for the scale-out', () => {
    const doc = readFileSync(path.join(process.cwd(), 'docs', 'capacity.md'), 'utf8');
    const fleet = poolPlan(CAPACITY_MODEL.instances);
    const local = poolPlan(SCALE_OUT_DEFAULTS.instances);
    for (const [field, setting] of Object.entries(SETTINGS) as [keyof PoolPlan, string][]) {
      const row = new RegExp(
        `^\\|[^|\\n]*\\|\\s*\`${setting}\`\\s*\\|\\s*([\\d,]+)\\s*\\|\\s*([\\d,]+)\\s*\\|`,
        'm',
      );
      const cells = row.exec(doc);
      expect(cells, `docs/capacity.md has no row for ${setting}`).not.toBeNull();
      expect([cells![1], cells![2]]).toEqual([
        fleet[field].toLocaleString('en'),
        local[field].toLocaleString('en'),
      ]);
    }
  });
});

describe('renderPgbouncerConfig', () => {
  const rendered = renderPgbouncerConfig({
    databaseUrl: 'postgres://shop:s%20cret@10.0.0.5:5433/storefront',
    listenPort: 16432,
    plan: poolPlan(50),
    template,
  });

  it("replaces only the machine's lines and the pool sizes, keeping every other setting", () => {
    const before = iniSection(template, 'pgbouncer');
    const after = iniSection(rendered, 'pgbouncer');
    const replaced = ['listen_addr', 'listen_port', ...Object.values(SETTINGS).slice(1)];
    for (const [key, value] of before) if (!replaced.includes(key)) expect(after.get(key), key).toBe(value);
    expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
    expect(Object.fromEntries([...after].filter(([key]) => replaced.includes(key)))).toEqual({
      listen_addr: '127.0.0.1',
      listen_port: '16432',
      max_client_conn: '1050',
      default_pool_size: '20',
      reserve_pool_size: '5',
      max_db_connections: '25',
    });
  });

  it("logs in to the given PostgreSQL as its user, keeping the template's connect_query", () => {
    const server = connectionParameters(iniSection(rendered, 'databases').get('*')!);
    const shipped = connectionParameters(iniSection(template, 'databases').get('*')!);
    expect(Object.fromEntries(server)).toEqual({
      ...Object.fromEntries(shipped),
      host: '10.0.0.5',
      port: '5433',
      user: 'shop',
      password: 's cret',
    });
  });

  it('refuses a template that lost a line it must replace', () => {
    const broken = template.replace(/^default_pool_size.*$/m, '');
    expect(() =>
      renderPgbouncerConfig({
        databaseUrl: 'postgres://x@y/z',
        listenPort: 1,
        plan: poolPlan(3),
        template: broken,
      }),
    ).toThrow(/default_pool_size/);
  });
});

describe('what the instances run, through a transaction pooler', () => {
  /** Every file under `dir` whose name ends with one of `endings`, with its text. */
  const filesIn = (dir: string, endings: string[]): [string, string][] =>
    (readdirSync(dir, { recursive: true }) as string[])
      .filter((name) => endings.some((ending) => name.endsWith(ending)) && !name.endsWith('.test.ts'))
      .map((name) => [path.join(dir, name), readFileSync(path.join(dir, name), 'utf8')]);

  it('relies on no session: no LISTEN/NOTIFY, session-level lock, SET, reserved connection or temporary table', () => {
    const root = process.cwd();
    const files = [
      ...filesIn(path.join(root, 'lib'), ['.ts']),
      ...filesIn(path.join(root, 'drizzle'), ['.sql']),
    ];
    // A statement that starts with SET (not SET LOCAL): a session's setting, left on a shared connection.
    const session =
      /\b(LISTEN|UNLISTEN)\s+\w|pg_notify|\.listen\(\s*['"`]|pg_advisory_lock|pg_advisory_unlock|\.reserve\(|(^|[`'";(]\s*)SET\s+(?!LOCAL\b)(SESSION\s+)?[\w.]+\s*(=|TO)\s|CREATE\s+TEMP(ORARY)?\s+TABLE/im;
    const found = files.filter(([, text]) => session.test(text)).map(([file]) => path.relative(root, file));
    // The migrations' lock is a session's: they connect to PostgreSQL itself (DATABASE_DIRECT_URL).
    expect(found).toEqual(['lib/db/migrate.ts']);
  });
});
