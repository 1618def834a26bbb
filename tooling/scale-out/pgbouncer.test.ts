import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '@/lib/config';
import { applyPendingInvalidations, recordProductChange } from '@/lib/catalog/outbox';
import { getDb, getSql, poolOptions, STATEMENT_TIMEOUT_MS } from '@/lib/db/client';
import { OutOfStockError, placeOrder } from '@/lib/orders/place';
import { freePort } from '../ports';
import { withOwnCatalog } from '../vitest/own-catalog';
import { ensurePgbouncer, PrivatePgbouncer } from './pgbouncer';
import { poolPlan } from './pgbouncer-config';

/*
 * Debian's pgbouncer on deploy/pgbouncer.ini as the scale-out renders it, in front of this file's own
 * database; the storefront's own pool (lib/db/client.ts, with DATABASE_POOLER=transaction) through it. What
 * transaction pooling breaks (a prepared statement, a session-level advisory lock) is shown breaking, and
 * what the storefront does through it (checkout's transaction, the outbox) is shown working.
 */

withOwnCatalog('pgbouncer', 10);

const INSTANCES = 3;
const dir = mkdtempSync(path.join(tmpdir(), 'storefront-pgbouncer-'));
let pgbouncer: PrivatePgbouncer;
let directUrl: string;
let pooledUrl: string;
const saved = { ...process.env };

beforeAll(async () => {
  directUrl = process.env.DATABASE_URL!; // this file's own database (withOwnCatalog)
  pgbouncer = new PrivatePgbouncer({
    dir,
    port: await freePort(),
    databaseUrl: directUrl,
    instances: INSTANCES,
  });
  await pgbouncer.start(await ensurePgbouncer(() => {}));
  pooledUrl = pgbouncer.urlFor(directUrl);
  // The storefront's pool (getSql, getDb) goes through PgBouncer from here on, as an instance's does.
  Object.assign(process.env, {
    DATABASE_URL: pooledUrl,
    DATABASE_POOLER: 'transaction',
    DATABASE_DIRECT_URL: directUrl,
  });
}, 300_000); // the first run on a machine installs the package

afterAll(async () => {
  await pgbouncer?.stop();
  rmSync(dir, { recursive: true, force: true });
  for (const name of ['DATABASE_POOLER', 'DATABASE_DIRECT_URL']) delete process.env[name];
  process.env.DATABASE_URL = saved.DATABASE_URL;
});

const pooledOptions = () =>
  poolOptions(parseConfig({ DATABASE_POOLER: 'transaction', DATABASE_DIRECT_URL: directUrl }));

/** Runs `body` while another client holds a server connection in an open transaction. */
async function whileAServerIsHeld<T>(body: () => Promise<T>): Promise<T> {
  const holder = postgres(pooledUrl, { ...pooledOptions(), max: 1 });
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  let holding!: () => void;
  const taken = new Promise<void>((resolve) => (holding = resolve));
  const transaction = holder.begin(async (tx) => {
    await tx`select 1`;
    holding();
    await held;
  });
  try {
    await taken;
    return await body();
  } finally {
    release();
    await transaction;
    await holder.end({ timeout: 1 });
  }
}

describe('PgBouncer on deploy/pgbouncer.ini', () => {
  it("pools by transaction with the capacity model's sizes for the instances it serves", async () => {
    const admin = pgbouncer.admin();
    try {
      const rows = await admin.unsafe<{ key: string; value: string }[]>('SHOW CONFIG').simple();
      const config = Object.fromEntries(rows.map((row) => [row.key, row.value]));
      const plan = poolPlan(INSTANCES);
      expect(config).toMatchObject({
        pool_mode: 'transaction',
        listen_port: String(pgbouncer.port),
        max_client_conn: String(plan.maxClientConn),
        default_pool_size: String(plan.defaultPoolSize),
        reserve_pool_size: String(plan.reservePoolSize),
        max_db_connections: String(plan.maxDbConnections),
        query_wait_timeout: '10',
      });
    } finally {
      await admin.end({ timeout: 1 });
    }
  });

  it("sets the pool's statement timeout on the server connections it hands out", async () => {
    const [row] = await getSql()<{ statement_timeout: string }[]>`show statement_timeout`;
    expect(row?.statement_timeout).toBe(`${STATEMENT_TIMEOUT_MS / 1000}s`);
  });

  it('needs prepared statements off: one prepared on a server connection is unknown on the next', async () => {
    const run = async (prepare: boolean) => {
      const client = postgres(pooledUrl, { ...pooledOptions(), max: 1, prepare });
      try {
        await client`select ${1}::int as n`; // prepared (or not) on the one server connection open so far
        // That connection is another client's now: the same statement, in a transaction, gets another.
        return await whileAServerIsHeld(() =>
          client.begin(async (tx) => (await tx<{ n: number }[]>`select ${2}::int as n`)[0]?.n),
        );
      } finally {
        await client.end({ timeout: 1 });
      }
    };
    await expect(run(true)).rejects.toThrow(/prepared statement|current transaction is aborted/);
    expect(await run(false)).toBe(2);
    expect(pooledOptions().prepare).toBe(false);
  });

  it('needs statements kept from pipelining: one sent behind another on a connection is never answered', async () => {
    // More statements than connections: postgres.js sends some behind others. Those with parameters ask for
    // their types first, and PgBouncer 1.18 loses that answer (lib/db/no-pipelining.ts).
    const answeredWithin3s = async (sql: postgres.Sql) => {
      let answered = 0;
      const statements = Array.from({ length: 100 }, (_, i) =>
        (i % 2 ? sql`select count(*)::int as n from products` : sql`select ${i}::int as n`).then(
          () => (answered += 1),
        ),
      );
      await Promise.race([
        Promise.allSettled(statements),
        new Promise((resolve) => setTimeout(resolve, 3000)),
      ]);
      return answered;
    };
    const pipelining = postgres(pooledUrl, { ...pooledOptions(), max: 2 });
    try {
      expect(await answeredWithin3s(pipelining)).toBeLessThan(100);
    } finally {
      await pipelining.end({ timeout: 0.1 });
    }
    // The storefront's own pool (10 connections) through the same PgBouncer: every one answered, a
    // transaction among them.
    const transaction = getSql().begin(
      async (tx) => (await tx<{ n: number }[]>`select ${7}::int as n`)[0]?.n,
    );
    expect(await answeredWithin3s(getSql())).toBe(100);
    expect(await transaction).toBe(7);
  });

  it("breaks a session-level advisory lock (the migrations'), and keeps a transaction's", async () => {
    const direct = postgres(directUrl, { max: 1, onnotice: () => {} });
    const client = postgres(pooledUrl, { ...pooledOptions(), max: 1 });
    try {
      const key = 7_261_944_399;
      await client`select pg_advisory_lock(${key})`;
      // The unlock runs on another server connection, which holds no lock: the first keeps it.
      const [unlocked] = await whileAServerIsHeld(
        () => client<{ ok: boolean }[]>`select pg_advisory_unlock(${key}) as ok`,
      );
      expect(unlocked?.ok).toBe(false);
      const [stillHeld] = await direct<{ ok: boolean }[]>`select pg_try_advisory_lock(${key}) as ok`;
      expect(stillHeld?.ok).toBe(false);

      // The seed's kind of lock lives and dies with its transaction, on one server connection.
      const other = key + 1;
      await client.begin(async (tx) => {
        await tx`select pg_advisory_xact_lock(${other})`;
        const [taken] = await direct<{ ok: boolean }[]>`select pg_try_advisory_lock(${other}) as ok`;
        expect(taken?.ok).toBe(false);
      });
      const [free] = await direct<{ ok: boolean }[]>`select pg_try_advisory_xact_lock(${other}) as ok`;
      expect(free?.ok).toBe(true);
    } finally {
      await client.end({ timeout: 1 });
      await direct.end({ timeout: 1 });
    }
  });

  it("runs checkout's place_order through it: placed once, replayed, refused with its details", async () => {
    const sql = getSql();
    const [user] = await sql<{ id: number }[]>`
      insert into users (email, name, password_hash) values ('pgb@example.test', 'PgBouncer', 'x') returning id`;
    const [product] = await sql<{ id: number; name: string }[]>`
      update products set stock = 1 where id = (select min(id) from products) returning id, name`;
    const line = [{ productId: product!.id, quantity: 1 }];
    const placed = await placeOrder(user!.id, 'pgbouncer-key-1', line);
    expect(placed.replayed).toBe(false);
    expect(await placeOrder(user!.id, 'pgbouncer-key-1', line)).toMatchObject({
      orderId: placed.orderId,
      replayed: true,
    });
    // place_order's refusal (its SQLSTATE, DETAIL and HINT) arrives through PgBouncer as it left PostgreSQL.
    const refused = await placeOrder(user!.id, 'pgbouncer-key-2', line).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(OutOfStockError);
    expect(refused).toMatchObject({ productId: product!.id, available: 0 });
    const [orders] = await sql<
      { n: number }[]
    >`select count(*)::int as n from orders where user_id = ${user!.id}`;
    expect(orders?.n).toBe(1);
  });

  it("records and sweeps the outbox's invalidations through it", async () => {
    const sql = getSql();
    const [product] = await sql<
      { id: number; slug: string }[]
    >`select id, slug from products order by id limit 1`;
    await getDb().transaction(async (tx) => {
      await tx.execute(`update products set price_cents = price_cents + 1 where id = ${product!.id}`);
      await recordProductChange(tx, [product!.slug]);
    });
    expect(await applyPendingInvalidations(0)).toBe(1);
    const [left] = await sql<{ n: number }[]>`select count(*)::int as n from cache_invalidations`;
    expect(left?.n).toBe(0);
  });
});
