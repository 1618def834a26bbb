import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { hashPassword } from '../../lib/auth/password';
import type { RedisTarget } from '../../lib/redis/client';
import { sharedSecrets } from '../../scripts/lib/scale-out/secrets';
import { startTopology, type RunningTopology } from '../../scripts/lib/scale-out/topology';
import { mintSessions } from '../../e2e/support/minted-sessions';
import { freePort, redisServerPort } from '../../test/ports';
import { databaseUrlNamed, dropDatabase, prepareDatabase, randomId } from '../../test/run-env';
import { PrivatePostgres } from './private-postgres';

/**
 * A drill's own copy of the scale-out topology, on free loopback ports: its own database (on a private
 * PostgreSQL when the drill stops PostgreSQL), key prefix, Redis, instances and nginx. `close()` stops
 * and removes all of it, and is safe to call after a failed start.
 */

export interface DrillProduct {
  id: number;
  slug: string;
}

export interface Shopper {
  userId: number;
  cookie: string;
}

export interface DrillStack {
  topology: RunningTopology;
  url: string;
  databaseUrl: string;
  prefix: string;
  secret: string;
  postgres?: PrivatePostgres;
  products: DrillProduct[];
  redisTarget: RedisTarget;
  sql: postgres.Sql;
  /** The tail of every log of the topology (instances, Redis, nginx's errors): printed when a drill fails. */
  logTails(lines?: number): string;
  /** `count` new users, each with a signed-in session minted in Redis (no scrypt per shopper). */
  newShoppers(count: number): Promise<Shopper[]>;
  close(): Promise<void>;
}

export interface DrillStackOptions {
  instances: number;
  redisCluster?: boolean;
  privatePostgres?: boolean;
}

const PRODUCTS = 40;

export async function startDrillStack(options: DrillStackOptions): Promise<DrillStack> {
  const id = randomId();
  const dir = mkdtempSync(path.join(tmpdir(), 'storefront-drill-'));
  const cleanups: Array<() => Promise<unknown>> = [async () => rmSync(dir, { recursive: true, force: true })];
  const close = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
    cleanups.length = 0;
  };
  try {
    let privatePostgres: PrivatePostgres | undefined;
    let databaseUrl: string;
    if (options.privatePostgres) {
      privatePostgres = await PrivatePostgres.create();
      const started = privatePostgres;
      cleanups.push(() => started.destroy());
      databaseUrl = privatePostgres.url(`storefront_drill_${id}`);
    } else {
      databaseUrl = databaseUrlNamed(`storefront_drill_${id}`);
      cleanups.push(() => dropDatabase(databaseUrl));
    }
    await prepareDatabase(databaseUrl, PRODUCTS);
    const sql = postgres(databaseUrl, { max: 2, onnotice: () => {} });
    cleanups.push(() => sql.end({ timeout: 5 }));
    // Stock no drill can sell out: the drills count orders, not refusals.
    await sql`update products set stock = 1000000`;
    const products = await sql<DrillProduct[]>`select id, slug from products order by id`;

    const prefix = `drill:${id}:`;
    const secrets = sharedSecrets(dir, {});
    const instancePorts: number[] = [];
    for (let index = 0; index < options.instances; index += 1) instancePorts.push(await freePort());
    const redisPort = options.redisCluster
      ? await redisServerPort((port) =>
          [1, 2, 3, 4, 5].flatMap((offset) => [port + offset, port + offset + 10_000]).concat(port + 10_000),
        )
      : await redisServerPort();
    const topology = await startTopology({
      dir,
      instances: options.instances,
      port: await freePort(),
      instancePorts,
      redisPort,
      redisCluster: options.redisCluster ?? false,
      databaseUrl,
      env: { ...secrets, REDIS_KEY_PREFIX: prefix },
    });
    cleanups.push(() => topology.stop());
    const redisTarget: RedisTarget = topology.cluster
      ? { clusterNodes: topology.cluster.nodes }
      : { url: topology.redis!.url };
    const passwordHash = await hashPassword('drill shopper password');
    return {
      topology,
      url: topology.url,
      databaseUrl,
      prefix,
      secret: secrets.SESSION_SECRET!,
      postgres: privatePostgres,
      products,
      redisTarget,
      sql,
      async newShoppers(count) {
        const tag = randomId(4);
        const users = await sql<{ id: number }[]>`
          insert into users (email, name, password_hash)
          select 'drill-' || ${tag} || '-' || n || '@example.test', 'Drill shopper ' || n, ${passwordHash}
          from generate_series(1, ${count}) as n
          returning id`;
        const cookies = await mintSessions(
          users.map((user) => user.id),
          { prefix, secret: secrets.SESSION_SECRET!, target: redisTarget },
        );
        return users.map((user, index) => ({ userId: user.id, cookie: cookies[index]! }));
      },
      logTails: (lines = 40) => logTails(dir, lines),
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

function logTails(dir: string, lines: number): string {
  const files = [
    ...readdirSync(path.join(dir, 'logs')).map((name) => path.join(dir, 'logs', name)),
    path.join(dir, 'redis.log'),
    path.join(dir, 'nginx', 'error.log'),
  ].filter((file) => existsSync(file));
  return files
    .map(
      (file) =>
        `── ${path.basename(file)}\n${readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n')}`,
    )
    .join('\n');
}
