import { waitForFirstConnection, type RedisClient } from '../redis/client';
import { withDeadline } from '../redis/deadline';
import type { CacheEntryKeys, CacheTagKeys } from '../redis/keys';
import type { CircuitBreaker } from './circuit-breaker';
import { CacheBackendError, CacheUnavailableError } from './errors';
import type { CacheMetrics } from './metrics';
import type { BriefBudget } from './budget';
import { acquireLockScript } from './scripts/acquire-lock';
import { admitBriefScript } from './scripts/admit-brief';
import { bumpNamespaceScript } from './scripts/bump-namespace';
import { invalidateEntryScript } from './scripts/invalidate-entry';
import { registerTagScript } from './scripts/register-tag';
import { releaseLockScript } from './scripts/release-lock';
import { renewLockScript } from './scripts/renew-lock';
import { sweepTagScript } from './scripts/sweep-tag';
import { runScript, type LuaScript } from '../redis/lua';
import { writeIfGenerationScript } from './scripts/write-if-generation';

export interface AcquireResult {
  acquired: boolean;
  /** The entry's stored envelope, if any, read in the same step. */
  raw: string | null;
  /** The entry's generation, read before any load this lock allows. */
  generation: string;
}

/**
 * The engine's only door to Redis (the second tier). Every command passes the circuit breaker, and every
 * failure is counted and turned into a CacheBackendError, which the engine absorbs. Commands fail fast:
 * the client has a short command timeout and no offline queue, and a client that is not connected is not
 * even asked (except that the very first commands wait briefly for the first connection).
 */
// A process that just started waits this long for its first connection, so that its first requests are
// cached rather than all sent to PostgreSQL; a connection lost later fails fast instead.
const FIRST_CONNECTION_WAIT_MS = 1500;

/** The `namespace` label of the errors a tag sweep meets (it belongs to no namespace; none is `tag`). */
const TAG_METRIC_NAMESPACE = 'tag';

/** A load's write gets this many times the read deadline (see writeIfGeneration). */
const WRITE_DEADLINE_FACTOR = 4;

export class RedisStore {
  constructor(
    private readonly client: RedisClient,
    private readonly breaker: CircuitBreaker,
    private readonly metrics: CacheMetrics,
    /** Longest a command may take, judged fairly when this process is busy (see lib/redis/deadline.ts). */
    private readonly deadlineMs: number,
  ) {}

  get(namespace: string, key: string): Promise<string | null> {
    return this.exec(namespace, 'GET', () => this.client.get(key));
  }

  async namespaceVersion(namespace: string, versionKey: string): Promise<string> {
    return (await this.exec(namespace, 'GET', () => this.client.get(versionKey))) ?? '0';
  }

  async acquire(
    namespace: string,
    keys: CacheEntryKeys,
    token: string,
    ttlMs: number,
  ): Promise<AcquireResult> {
    const reply = await this.script(
      namespace,
      acquireLockScript,
      [keys.value, keys.generation, keys.lock],
      [token, ttlMs],
    );
    const [acquired, raw, generation] = reply as [number, string | null, string];
    return { acquired: acquired === 1, raw, generation };
  }

  async writeIfGeneration(
    namespace: string,
    keys: CacheEntryKeys,
    write: {
      generation: string;
      payload: string;
      px: number;
      token: string | null;
      /** The latest time (ms, Redis's clock) the write may land (a tagged entry's), if any. */
      writeBy?: number;
    },
  ): Promise<boolean> {
    const { generation, payload, px, token, writeBy } = write;
    // The value is in hand already: a slow write costs this load's callers a little time, whereas a write
    // given up on too early leaves the entry unstored and the next reader loading again.
    const stored = await this.script(
      namespace,
      writeIfGenerationScript,
      [keys.value, keys.generation, keys.lock],
      [generation, payload, px, token ?? '', writeBy ?? ''],
      WRITE_DEADLINE_FACTOR * this.deadlineMs,
    );
    return stored === 1;
  }

  async renewLock(namespace: string, lockKey: string, token: string, ttlMs: number): Promise<boolean> {
    return (await this.script(namespace, renewLockScript, [lockKey], [token, ttlMs])) === 1;
  }

  async releaseLock(namespace: string, lockKey: string, token: string): Promise<void> {
    await this.script(namespace, releaseLockScript, [lockKey], [token]);
  }

  async invalidate(namespace: string, keys: CacheEntryKeys, generationTtlMs: number): Promise<void> {
    await this.script(namespace, invalidateEntryScript, [keys.value, keys.generation], [generationTtlMs]);
  }

  async bumpNamespace(namespace: string, versionKey: string, ttlMs: number): Promise<string> {
    return String(await this.script(namespace, bumpNamespaceScript, [versionKey], [ttlMs]));
  }

  /**
   * Adds `member` to the tag's entries for `keepMs`, unless the tag was invalidated at or after `notBefore`
   * (ms). Redis's time (ms) when added, or null when refused.
   */
  async registerTag(
    namespace: string,
    keys: CacheTagKeys,
    member: string,
    notBefore: number,
    keepMs: number,
  ): Promise<number | null> {
    const reply = await this.script(
      namespace,
      registerTagScript,
      [keys.members, keys.invalidatedAt],
      [member, notBefore, keepMs],
    );
    return typeof reply === 'number' && reply > 0 ? reply : null;
  }

  /** Counts a brief entry of `bytes` against the budget hash `key`; whether it is within the budget. */
  async admitBrief(
    namespace: string,
    key: string,
    bytes: number,
    budget: BriefBudget,
    ttlMs: number,
  ): Promise<boolean> {
    const reply = await this.script(
      namespace,
      admitBriefScript,
      [key],
      [bytes, budget.entries, budget.bytes, ttlMs],
    );
    return reply === 1;
  }

  /** Records the tag's invalidation at `now` and takes its members. */
  async sweepTag(keys: CacheTagKeys, now: number, ttlMs: number): Promise<string[]> {
    const reply = await this.script(
      TAG_METRIC_NAMESPACE,
      sweepTagScript,
      [keys.members, keys.invalidatedAt],
      [now, ttlMs],
    );
    return reply as string[];
  }

  /**
   * On a Cluster a PUBLISH on any node reaches every node's subscribers, and ioredis would send it to a
   * random master, possibly one that just died (a lost message: other instances' L1 would lag until its
   * TTL). So it goes to a master whose connection is up.
   */
  async publish(namespace: string, channel: string, message: string): Promise<void> {
    const client = this.client;
    const live = 'nodes' in client ? client.nodes('master').filter((node) => node.status === 'ready') : [];
    const node = live[Math.floor(Math.random() * live.length)] ?? client;
    await this.exec(namespace, 'PUBLISH', () => node.publish(channel, message));
  }

  /** Whether a command would be tried now (it may still fail). */
  get available(): boolean {
    return this.client.status === 'ready' && this.breaker.state !== 'open';
  }

  private script(
    namespace: string,
    script: LuaScript,
    keys: string[],
    args: Array<string | number>,
    deadlineMs = this.deadlineMs,
  ) {
    return this.exec(namespace, script.name, () => runScript(this.client, script, keys, args), deadlineMs);
  }

  private async exec<T>(
    namespace: string,
    operation: string,
    command: () => Promise<T>,
    deadlineMs = this.deadlineMs,
  ): Promise<T> {
    if (this.client.status !== 'ready') await waitForFirstConnection(this.client, FIRST_CONNECTION_WAIT_MS);
    if (!this.breaker.tryAcquire()) throw new CacheUnavailableError('circuit open');
    if (this.client.status !== 'ready') {
      this.fail(namespace);
      throw new CacheUnavailableError(`connection ${this.client.status}`);
    }
    try {
      const result = await withDeadline(command(), deadlineMs);
      this.breaker.success();
      return result;
    } catch (error) {
      this.fail(namespace);
      throw new CacheBackendError(`Redis ${operation} failed`, { cause: error });
    }
  }

  private fail(namespace: string): void {
    this.breaker.failure();
    this.metrics.error(namespace);
  }
}
