import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisClient, waitUntilReady, type RedisClient } from '@/lib/redis/client';
import { saleKeys } from '@/lib/redis/keys';
import { startOnFreePorts, stop, type RedisCluster } from '@/tooling/redis-cluster';
import { SaleGate } from './gate';

// The sale gate on a three-master Redis Cluster of this file's own: every script touches one sale item's
// two keys, which share a hash tag, so none fails with CROSSSLOT whatever slot the items land in.

let cluster: RedisCluster | undefined;
let redis: RedisClient | undefined;

beforeAll(async () => {
  cluster = await startOnFreePorts();
  redis = createRedisClient({ target: { clusterNodes: cluster.nodes } });
  redis.on('error', () => {});
  if (!(await waitUntilReady(redis, 10_000))) throw new Error('the cluster is not ready');
}, 60_000);

afterAll(async () => {
  redis?.disconnect();
  if (cluster) await stop(cluster);
});

describe('sale gate on a Redis Cluster', () => {
  it('seeds, takes, refuses, settles and resets items spread over the slots', async () => {
    const reader = async () => ({
      units: 3,
      limit: 2,
      endsAt: new Date(Date.now() + 3600_000),
      bought: new Map([[9, 1]]),
    });
    const gate = new SaleGate(redis!, saleKeys('cluster-test:'), reader);
    // Twelve items: their hash tags land on every master.
    const lines = Array.from({ length: 12 }, (_, index) => ({
      saleId: 1,
      productId: index + 1,
      quantity: 1,
    }));
    const first = await gate.take(9, lines);
    if (first.kind !== 'held') throw new Error(JSON.stringify(first));
    expect(first.holds).toHaveLength(12);
    expect(await gate.take(9, lines.slice(0, 1))).toEqual({
      kind: 'over_limit',
      productId: 1,
      limit: 2,
      bought: 2,
      contended: true,
    });
    await gate.settle(first.holds, { giveBack: false });
    expect(await gate.allowance(1, 12, 9)).toEqual({ unitsLeft: 2, limit: 2, bought: 2 });
    await gate.reset(1, [12]);
    expect(await gate.unitsLeft(1, 12)).toBeNull();
    expect(await gate.allowance(1, 12, null)).toEqual({ unitsLeft: 3, limit: 2, bought: 0 });
  });
});
