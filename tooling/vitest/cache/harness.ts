import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Registry } from 'prom-client';
import {
  createRedisClient,
  createSubscriberClient,
  waitUntilReady,
  type RedisClient,
  type RedisTarget,
} from '../../../lib/redis/client';
import { CacheEngine, createCacheMetrics, type CacheEngineOptions } from '../../../lib/cache';
import type { WorkerArgs, WorkerResult } from './load-worker';

/** Helpers for the engine's tests: engines on a target, key listing, metric reading, worker processes. */

/** A key prefix of the test's own, under the run's REDIS_KEY_PREFIX. */
export function testPrefix(): string {
  return `${process.env.REDIS_KEY_PREFIX || 'test:'}cache-${randomBytes(5).toString('hex')}:`;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` until it returns true; fails after `timeoutMs`. */
export async function eventually(
  check: () => boolean | Promise<boolean>,
  timeoutMs = 5000,
  what = 'condition',
) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

export function connect(target: RedisTarget, commandTimeoutMs = 2000): RedisClient {
  const client = createRedisClient({ target, commandTimeoutMs, connectionName: 'cache-tests' });
  client.on('error', () => {});
  return client;
}

export interface TestEngine {
  engine: CacheEngine;
  registry: Registry;
  redis: RedisClient;
  subscriberName: string;
}

/** Engines made by one test, closed (with their connections) by `closeAll`. */
export class EngineFactory {
  private readonly made: TestEngine[] = [];

  constructor(private readonly target: () => RedisTarget) {}

  /** `commandTimeoutMs` (the client's backstop) defaults to the production client's 2000 ms. */
  async create(
    options: Partial<CacheEngineOptions> & { keyPrefix: string; bus?: boolean; commandTimeoutMs?: number },
  ): Promise<TestEngine> {
    const { bus = true, commandTimeoutMs = 2000, ...engineOptions } = options;
    const target = this.target();
    const redis = connect(target, commandTimeoutMs);
    const subscriberName = `cache-test-bus-${randomBytes(4).toString('hex')}`;
    const subscriber = bus ? createSubscriberClient({ target, connectionName: subscriberName }) : undefined;
    const registry = new Registry();
    const engine = new CacheEngine({
      redis,
      subscriber,
      metrics: createCacheMetrics(registry),
      ...engineOptions,
    });
    const made = { engine, registry, redis, subscriberName };
    this.made.push(made);
    await waitUntilReady(redis, 5000);
    if (bus) await eventually(() => engine.status().bus === 'up', 5000, 'the bus');
    return made;
  }

  async closeAll(): Promise<void> {
    const made = this.made.splice(0);
    await Promise.all(made.map((m) => m.engine.close()));
    await Promise.all(made.map((m) => m.redis.quit().catch(() => m.redis.disconnect())));
  }
}

/** The value of a counter (summed over the label values not given). */
export async function metric(registry: Registry, name: string, labels: Record<string, string> = {}) {
  const found = registry.getSingleMetric(name);
  if (!found) return 0;
  const { values } = await found.get();
  return values
    .filter((value) => Object.entries(labels).every(([label, wanted]) => value.labels[label] === wanted))
    .reduce((sum, value) => sum + value.value, 0);
}

const workerPath = path.join(path.dirname(fileURLToPath(import.meta.url)), 'load-worker.ts');

export interface Worker {
  ready: Promise<void>;
  go(): void;
  result: Promise<WorkerResult>;
  kill(): void;
}

/** Starts `load-worker.ts` in its own Node process. */
export function startWorker(args: WorkerArgs): Worker {
  const child = spawn(process.execPath, ['--import', 'tsx', workerPath, JSON.stringify(args)], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    if (stdout.includes('ready\n')) markReady();
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const result = new Promise<WorkerResult>((resolve, reject) => {
    child.once('exit', (code, signal) => {
      const last = stdout.trim().split('\n').at(-1) ?? '';
      if (code === 0) resolve(JSON.parse(last) as WorkerResult);
      else reject(new Error(`worker exited (${code ?? signal}): ${stderr.trim()}`));
    });
  });
  result.catch(() => {}); // a killed worker's result is expected to fail; tests that care await it
  return {
    ready: Promise.race([ready, result.then(() => {})]),
    go: () => child.stdin.write('go\n'),
    result,
    kill: () => child.kill('SIGKILL'),
  };
}
