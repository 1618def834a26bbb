import { afterAll, beforeAll } from 'vitest';
import { startOnFreePorts, stop, type RedisCluster } from '../../tooling/redis-cluster';
import { engineContract } from '@/tooling/vitest/cache/contract';

// The same guarantees against a three-master Redis Cluster of this file's own, on spare loopback ports
// (cluster bus ports are +10000), proving every multi-key script stays within one hash slot.
let cluster: RedisCluster | undefined;

beforeAll(async () => {
  cluster = await startOnFreePorts();
}, 60_000);

afterAll(async () => {
  if (cluster) await stop(cluster);
});

engineContract('a Redis Cluster', () => {
  if (!cluster) throw new Error('the cluster did not start');
  return { clusterNodes: cluster.nodes };
});
