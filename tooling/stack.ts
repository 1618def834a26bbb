import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { hashPassword } from '../lib/auth/password';
import type { RedisTarget } from '../lib/redis/client';
import { sharedSecrets } from './scale-out/secrets';
import { trustingFetch, type Fetch, type TrustingFetch } from './scale-out/tls';
import { writeShortenedRules } from './scale-out/prometheus-config';
import { startTopology, type ObserveOptions, type RunningTopology } from './scale-out/topology';
import { mintSessions } from './minted-sessions';
import { listenPort, redisServerPort } from './ports';
import { databaseUrlNamed, dropDatabase, prepareDatabase, randomId } from './run-env';
import { PrivatePostgres } from './private-postgres';

/**
 * A drill's own copy of the scale-out topology, on free loopback ports: its own database (on a private
 * PostgreSQL when the drill stops PostgreSQL), key prefix, session Redis and cache Redis (or Cluster),
 * instances and nginx. `close()` stops and removes all of it, and is safe to call after a failed start. The
 * drills go through nginx's HTTPS, as shoppers do: `url` and `fetch` (which trusts the topology's
 * self-signed certificate); each shopper sends from a loopback address of its own, so nginx's per-address
 * limits see one shopper per address.
 */

export interface DrillProduct {
  id: number;
  slug: string;
}

export interface Shopper {
  userId: number;
  /** The session cookie, minted for HTTPS (`__Host-sf_session`). */
  cookie: string;
  /** The shopper's client address, 127.1.x.y, and a fetch sending from it. */
  address: string;
  fetch: Fetch;
}

/** Where the drills' requests go: nginx's HTTPS, with a fetch that trusts its certificate. */
export interface Site {
  url: string;
  fetch: Fetch;
}

export interface DrillStack extends Site {
  topology: RunningTopology;
  /** nginx's plain HTTP listener (for local use: the drills that need it say why). */
  httpUrl: string;
  /** A fetch trusting the topology's certificate, sending from `address` (a client of its own to nginx). */
  fetchFrom(address: string): Fetch;
  databaseUrl: string;
  prefix: string;
  secret: string;
  postgres?: PrivatePostgres;
  products: DrillProduct[];
  /** The cache's Redis (or Cluster): where cached pages are. */
  cacheRedisTarget: RedisTarget;
  /** The session Redis: where sessions, carts and the stock gate are. */
  sessionRedisTarget: RedisTarget;
  sql: postgres.Sql;
  /** The tail of every log of the topology (instances, both Redis, nginx's errors): printed when a drill fails. */
  logTails(lines?: number): string;
  /** `count` new users, each with a signed-in session minted in Redis (no password hash per shopper). */
  newShoppers(count: number): Promise<Shopper[]>;
  close(): Promise<void>;
}

export interface DrillStackOptions {
  instances: number;
  redisCluster?: boolean;
  /** A private PostgreSQL; with settings, these (`{ max_connections: '15' }`). */
  privatePostgres?: boolean | Record<string, string>;
  /** PgBouncer between the instances and PostgreSQL, on a free port. */
  pgbouncer?: boolean;
  /**
   * Prometheus and the exporters too (`--observe`), scraping and evaluating every second, on a copy of
   * the rules whose `for:` is cut to 1 s; the instances want a METRICS_TOKEN, which Prometheus sends.
   */
  observe?: boolean;
}

const PRODUCTS = 40;

export async function startDrillStack(options: DrillStackOptions): Promise<DrillStack> {
  const id = randomId();
  const dir = mkdtempSync(path.join(tmpdir(), 'storefront-drill-'));
  const cleanups: Array<() => Promise<unknown>> = [
    async () => rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 }),
  ];
  const close = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
    cleanups.length = 0;
  };
  try {
    let privatePostgres: PrivatePostgres | undefined;
    let databaseUrl: string;
    if (options.privatePostgres) {
      privatePostgres = await PrivatePostgres.create(
        typeof options.privatePostgres === 'object' ? options.privatePostgres : {},
      );
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
    for (let index = 0; index < options.instances; index += 1) instancePorts.push(await listenPort());
    const cacheRedisPort = options.redisCluster
      ? await redisServerPort((port) =>
          [1, 2, 3, 4, 5].flatMap((offset) => [port + offset, port + offset + 10_000]).concat(port + 10_000),
        )
      : await redisServerPort();
    let redisPort: number; // the session Redis's: none of the cache's ports
    do redisPort = await redisServerPort();
    while (redisPort >= cacheRedisPort && redisPort <= cacheRedisPort + (options.redisCluster ? 5 : 0));
    let prometheus: ObserveOptions | undefined;
    if (options.observe) {
      const rulesDir = path.join(dir, 'drill-rules');
      mkdirSync(rulesDir);
      prometheus = {
        prometheusPort: await listenPort(),
        redisExporterPort: await listenPort(),
        postgresExporterPort: await listenPort(),
        metricsToken: randomId(16),
        ruleFiles: writeShortenedRules(rulesDir),
        scrapeInterval: '1s',
        evaluationInterval: '1s',
      };
    }
    const topology = await startTopology({
      dir,
      instances: options.instances,
      port: await listenPort(),
      tlsPort: await listenPort(),
      instancePorts,
      redisPort,
      cacheRedisPort,
      redisCluster: options.redisCluster ?? false,
      databaseUrl,
      pgbouncer: options.pgbouncer ? { port: await listenPort() } : undefined,
      env: {
        ...secrets,
        REDIS_KEY_PREFIX: prefix,
        ...(prometheus?.metricsToken && { METRICS_TOKEN: prometheus.metricsToken }),
      },
      prometheus,
    });
    cleanups.push(() => topology.stop());
    const clients: TrustingFetch[] = [];
    cleanups.push(() => Promise.all(clients.map((client) => client.close())));
    const fetchFrom = (address: string) => {
      const client = trustingFetch(topology.ca, address);
      clients.push(client);
      return client;
    };
    let shoppersMade = 0;
    const cacheRedisTarget: RedisTarget = topology.cluster
      ? { clusterNodes: topology.cluster.nodes }
      : { url: topology.cacheRedis!.url };
    const sessionRedisTarget: RedisTarget = { url: topology.sessionRedis.url };
    const passwordHash = await hashPassword('drill shopper password');
    return {
      topology,
      url: topology.httpsUrl,
      httpUrl: topology.url,
      fetch: fetchFrom('127.0.0.1'),
      fetchFrom,
      databaseUrl,
      prefix,
      secret: secrets.SESSION_SECRET!,
      postgres: privatePostgres,
      products,
      cacheRedisTarget,
      sessionRedisTarget,
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
          { prefix, secret: secrets.SESSION_SECRET!, target: sessionRedisTarget, secure: true },
        );
        return users.map((user, index) => {
          const n = shoppersMade++;
          const address = `127.1.${Math.floor(n / 250)}.${(n % 250) + 1}`;
          return { userId: user.id, cookie: cookies[index]!, address, fetch: fetchFrom(address) };
        });
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
    path.join(dir, 'redis-cache.log'),
    path.join(dir, 'nginx', 'error.log'),
    ...['prometheus', 'redis-exporter', 'postgres-exporter'].map((name) =>
      path.join(dir, 'prometheus', `${name}.log`),
    ),
  ].filter((file) => existsSync(file));
  return files
    .map(
      (file) =>
        `── ${path.basename(file)}\n${readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n')}`,
    )
    .join('\n');
}
