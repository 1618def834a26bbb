import Redis, { Cluster, type ClusterOptions, type RedisOptions } from 'ioredis';
import { getConfig } from '../config';
import { FollowingSubscriber } from './subscriber';
import { traceCommands } from './traced';

/** A standalone client or a Cluster: everything the storefront calls exists on both. */
export type RedisClient = Redis | Cluster;

/** Where to connect: one server, or the seed nodes of a Cluster. */
export type RedisTarget = { url: string } | { clusterNodes: ReadonlyArray<{ host: string; port: number }> };

export interface RedisClientOptions {
  /**
   * Longest a command may take before the client itself fails it (ms): a backstop. Callers that must answer
   * fast put their own, busy-process-aware deadline on top (lib/redis/deadline.ts).
   */
  commandTimeoutMs?: number;
  /** A name shown in CLIENT LIST, to tell the storefront's connections apart. */
  connectionName?: string;
  /** Defaults to REDIS_CLUSTER_NODES, else REDIS_URL. Tests point it at private servers and clusters. */
  target?: RedisTarget;
}

// Retry the connection forever, but never more often than every 2 s once it keeps failing.
const retryStrategy = (attempt: number) => Math.min(50 * 2 ** attempt, 2000);

function baseOptions(options: RedisClientOptions): RedisOptions {
  return {
    connectionName: options.connectionName ?? 'storefront',
    connectTimeout: 2000,
    commandTimeout: options.commandTimeoutMs ?? 2000,
    // No offline queue: while Redis is away a command fails at once instead of piling up in memory and
    // running late, after the request that wanted it has long been answered.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    retryStrategy,
  };
}

function configuredTarget(): RedisTarget {
  const config = getConfig();
  return config.REDIS_CLUSTER_NODES
    ? { clusterNodes: config.REDIS_CLUSTER_NODES }
    : { url: config.REDIS_URL };
}

/**
 * The one client factory: a Cluster client when REDIS_CLUSTER_NODES is set, otherwise a standalone client
 * for REDIS_URL. Callers own the client they get (and `quit()` it).
 */
export function createRedisClient(options: RedisClientOptions = {}): RedisClient {
  const target = options.target ?? configuredTarget();
  const redisOptions = baseOptions(options);
  if ('clusterNodes' in target) {
    const clusterOptions: ClusterOptions = {
      redisOptions,
      enableOfflineQueue: false,
      clusterRetryStrategy: retryStrategy,
      slotsRefreshTimeout: 2000,
    };
    return tracked(new Cluster([...target.clusterNodes], clusterOptions));
  }
  return tracked(new Redis(target.url, redisOptions));
}

/**
 * A connection for SUBSCRIBE (./subscriber.ts): one plain connection at a time that reports its losses
 * ('close', then 'ready' once back), moving to another node of a Cluster when its node is lost. Not
 * ioredis's Cluster subscriber, which reconnects silently and would hide the messages lost meanwhile (the
 * cache bus must know, to flush its in-process tier).
 */
export function createSubscriberClient(
  options: RedisClientOptions & { heartbeatMs?: number } = {},
): FollowingSubscriber {
  const target = options.target ?? configuredTarget();
  const redisOptions = baseOptions({ connectionName: 'storefront-subscriber', ...options });
  return new FollowingSubscriber({ target, redisOptions, heartbeatMs: options.heartbeatMs });
}

/** Resolves true once the client is ready, false if that takes longer than `timeoutMs`. */
export function waitUntilReady(client: RedisClient, timeoutMs: number): Promise<boolean> {
  if (client.status === 'ready') return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (ready: boolean) => {
      clearTimeout(timer);
      client.off('ready', onReady);
      resolve(ready);
    };
    const onReady = () => done(true);
    const timer = setTimeout(() => done(false), timeoutMs);
    client.on('ready', onReady);
  });
}

/** What is known of a client's first connection attempt, and the waits for it in progress. */
interface FirstAttempt {
  over: boolean;
  /** Resolves once the attempt is over: connected, failed or given up. */
  ended: Promise<void>;
  /** Waits under way, by length: hundreds of requests at a new process share one (one timer, not hundreds). */
  readonly waits: Map<number, Promise<void>>;
}

const FIRST_ATTEMPT_STATES = new Set(['wait', 'connecting', 'connect']);

/*
 * Kept process-wide, not in this module: Next.js bundles this file into several chunks, each with a copy of
 * it, and every copy uses the one client on globalThis. A copy keeping its own record would first see the
 * client when it was already retrying, and take a retry for the first attempt (a page then waited the full
 * 1.5 s after a Redis stop).
 */
const globalForAttempts = globalThis as unknown as {
  storefrontRedisFirstAttempts?: WeakMap<RedisClient, FirstAttempt>;
};
const firstAttempts = (globalForAttempts.storefrontRedisFirstAttempts ??= new WeakMap());

/**
 * Watched from creation, so a retry of a failed first attempt is never mistaken for the first attempt; and
 * traced (./traced.ts), so the admin's trace of a page view sees every command this client sends.
 */
function tracked<T extends RedisClient>(client: T): T {
  firstAttemptOf(client);
  return traceCommands(client);
}

function firstAttemptOf(client: RedisClient): FirstAttempt {
  let attempt = firstAttempts.get(client);
  if (!attempt) {
    attempt = watchFirstAttempt(client);
    firstAttempts.set(client, attempt);
  }
  return attempt;
}

/** The attempt is over at the client's first 'ready', 'close', 'reconnecting' or 'end'. */
function watchFirstAttempt(client: RedisClient): FirstAttempt {
  // The factory watches its clients from creation; another client, first seen here, counts as on its first
  // attempt only while it is connecting.
  const over = !FIRST_ATTEMPT_STATES.has(client.status);
  const attempt: FirstAttempt = { over, ended: Promise.resolve(), waits: new Map() };
  if (over) return attempt;
  const events = ['ready', 'close', 'reconnecting', 'end'] as const;
  attempt.ended = new Promise<void>((resolve) => {
    const end = () => {
      attempt.over = true;
      for (const event of events) client.off(event, end);
      resolve();
    };
    for (const event of events) client.on(event, end);
  });
  return attempt;
}

/**
 * Waits (at most `timeoutMs`) while the client is making its very first connection, so that a process that
 * has just started serves its first requests through Redis instead of failing them (the clients have no
 * offline queue). The wait ends with that attempt: connected, or failed (nothing listens: callers go on at
 * once rather than sit out the timeout). Resolves at once otherwise: ready, or retrying a connection that
 * failed or was lost (those callers fail fast instead of waiting on a sick Redis).
 */
export async function waitForFirstConnection(client: RedisClient, timeoutMs: number): Promise<void> {
  const attempt = firstAttemptOf(client);
  if (attempt.over || !FIRST_ATTEMPT_STATES.has(client.status)) return;
  let wait = attempt.waits.get(timeoutMs);
  if (!wait) {
    wait = within(attempt.ended, timeoutMs).finally(() => attempt.waits.delete(timeoutMs));
    attempt.waits.set(timeoutMs, wait);
  }
  await wait;
}

/** Resolves when `done` does, or after `timeoutMs`, whichever comes first. */
function within(done: Promise<void>, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
  return Promise.race([done, timeout]).finally(() => clearTimeout(timer));
}

// The shared clients, kept on globalThis so development reloads reuse them.
const globalForRedis = globalThis as unknown as {
  storefrontRedis?: RedisClient;
  storefrontSessionRedis?: RedisClient;
};

function sharedClient(options: RedisClientOptions): RedisClient {
  const client = createRedisClient(options);
  // Errors surface on the commands that hit them; an unhandled 'error' event would crash the process.
  client.on('error', () => {});
  return client;
}

/**
 * The process's shared client for the cache (REDIS_URL or the Cluster): the cache engine, its bus, the
 * hit-rate buckets, the invalidation outbox and the Redis demo. Not for subscriptions, which need their
 * own connection.
 */
export function getRedis(): RedisClient {
  globalForRedis.storefrontRedis ??= sharedClient({});
  return globalForRedis.storefrontRedis;
}

/** Where sessions live: SESSION_REDIS_URL, or undefined when they share the cache's Redis. */
export function sessionRedisTarget(): RedisTarget | undefined {
  const url = getConfig().SESSION_REDIS_URL;
  return url ? { url } : undefined;
}

/**
 * The process's shared client for what a shopper must not lose: sessions, carts, login rate limits, the
 * stock gate, checkout idempotency records and the checkout's per-minute counts. Without SESSION_REDIS_URL
 * it is the very client `getRedis()` returns; with it, a client of that Redis (run it `noeviction` with
 * AOF: see the README's "Configuration").
 */
export function getSessionRedis(): RedisClient {
  const target = sessionRedisTarget();
  if (!target) return getRedis();
  globalForRedis.storefrontSessionRedis ??= sharedClient({ target, connectionName: 'storefront-sessions' });
  return globalForRedis.storefrontSessionRedis;
}

/** Closes the shared clients (scripts and tests call this so the process can exit). */
export async function closeRedis(): Promise<void> {
  const clients = [globalForRedis.storefrontRedis, globalForRedis.storefrontSessionRedis];
  globalForRedis.storefrontRedis = undefined;
  globalForRedis.storefrontSessionRedis = undefined;
  await Promise.all(clients.map((client) => client?.quit().catch(() => client.disconnect())));
}
