import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateDatabase } from '@/lib/db/migrate';
import { createRedisClient, type RedisClient } from '@/lib/redis/client';
import { parseInfo } from '@/lib/redis/durability';
import { startRedisServer, type RedisServerProcess } from '@/tooling/redis-server';
import { databaseUrlNamed, dropDatabase, randomId } from '@/tooling/run-env';
import { TestBrowser } from '@/tooling/vitest/session';
import { GET } from './route';

// /api/health on a database and a Redis of this file's own, so every query and PING they count is the
// route's: what the public sees, what an operator sees, and what a flood of requests costs them.

let databaseUrl: string;
let server: RedisServerProcess;
let admin: RedisClient;
let maintenance: postgres.Sql;

beforeAll(async () => {
  databaseUrl = databaseUrlNamed(`storefront_health_${randomId()}`);
  await migrateDatabase(databaseUrl);
  server = await startRedisServer({ args: ['--appendonly', 'yes', '--maxmemory-policy', 'noeviction'] });
  admin = createRedisClient({ target: { url: server.url }, connectionName: 'health-route-test' });
  maintenance = postgres(databaseUrlNamed('postgres', databaseUrl), { max: 1, onnotice: () => {} });
  // lib/config.ts reads the environment on first use, which comes after this.
  process.env.DATABASE_URL = databaseUrl;
  process.env.REDIS_URL = server.url;
}, 30_000);

afterAll(async () => {
  admin?.disconnect();
  await maintenance?.end({ timeout: 5 });
  await server?.stop();
  // The route's pool must be closed first (setup-env.ts does so after this file's hooks): force it.
  if (databaseUrl) await dropDatabase(databaseUrl);
});

const stranger = () => new TestBrowser('198.51.100.7');
const thisMachine = () => new TestBrowser('127.0.0.1');
const secondPassed = () => new Promise((resolve) => setTimeout(resolve, 1100));

/** PINGs the Redis has answered since it started. */
async function pings(): Promise<number> {
  const stats = parseInfo(await admin.info('commandstats')).get('cmdstat_ping') ?? '';
  return Number(/calls=(\d+)/.exec(stats)?.[1] ?? 0);
}

interface DatabaseWork {
  /** Transactions committed or rolled back (a lone statement is one). */
  transactions: number;
  /** Connections opened. */
  sessions: number;
}

/**
 * What was done on this file's database so far. A backend reports its counts as it exits, so the
 * storefront's connections are ended first (its pool opens new ones as needed).
 */
async function databaseWork(): Promise<DatabaseWork> {
  const name = new URL(databaseUrl).pathname.slice(1);
  await maintenance`select pg_terminate_backend(pid) from pg_stat_activity where datname = ${name}`;
  // A backend leaves pg_stat_activity a moment before its counts land: read until they stop moving.
  let [previous, work] = ['', await readWork(name)];
  while (JSON.stringify(work) !== previous) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    [previous, work] = [JSON.stringify(work), await readWork(name)];
  }
  return work;
}

async function readWork(name: string): Promise<DatabaseWork> {
  await maintenance`select pg_stat_clear_snapshot()`;
  const [row] = await maintenance<DatabaseWork[]>`
    select (xact_commit + xact_rollback)::int as transactions, sessions::int as sessions
    from pg_stat_database where datname = ${name}`;
  return row ?? { transactions: 0, sessions: 0 };
}

describe('GET /api/health', () => {
  it('tells the public whether the shop is up, and nothing else', async () => {
    const answer = await stranger().call(GET, 'GET', '/api/health');
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({ status: 'ok' });
    expect(answer.headers.get('cache-control')).toContain('no-store');

    const claimant = await stranger().call(GET, 'GET', '/api/health', {
      headers: { 'x-forwarded-for': '127.0.0.1' },
    });
    expect(claimant.json).toEqual({ status: 'ok' });
  });

  it('gives this machine the details: each dependency, and how each Redis keeps and evicts', async () => {
    const answer = await thisMachine().call(GET, 'GET', '/api/health');
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({
      status: 'ok',
      postgres: 'up',
      redis: 'up',
      uptime: expect.any(Number),
      persistence: { redis: 'aof' },
      evictionPolicy: { redis: 'noeviction' },
      warnings: [],
    });
  });

  it('probes PostgreSQL and Redis once for 100 requests at once, and again only a second later', async () => {
    await secondPassed();
    const [pingsBefore, before] = [await pings(), await databaseWork()];
    const browsers = Array.from({ length: 100 }, (_, index) => (index % 2 ? stranger() : thisMachine()));
    const answers = await Promise.all(browsers.map((browser) => browser.call(GET, 'GET', '/api/health')));
    expect((await pings()) - pingsBefore).toBe(1);
    // One connection (one query at a time), for the probe's `select 1` and postgres.js's two setup queries.
    const after = await databaseWork();
    expect(after.sessions - before.sessions).toBe(1);
    expect(after.transactions - before.transactions).toBeLessThanOrEqual(3);
    expect(answers.map((answer) => answer.status)).toEqual(browsers.map(() => 200));

    // Within the second: the same result again, no probe.
    await thisMachine().call(GET, 'GET', '/api/health');
    expect((await pings()) - pingsBefore).toBe(1);
    await secondPassed();
    await Promise.all(browsers.slice(0, 10).map((browser) => browser.call(GET, 'GET', '/api/health')));
    expect((await pings()) - pingsBefore).toBe(2);
  });
});
