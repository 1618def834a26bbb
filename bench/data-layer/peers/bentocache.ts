import { BentoCache, bentostore } from 'bentocache';
import { memoryDriver } from 'bentocache/drivers/memory';
import { redisBusDriver, redisDriver } from 'bentocache/drivers/redis';
import { Redis } from 'ioredis';
import { closeOnce, ENTRY_TTL_SECONDS, type Peer } from '../peer';

/**
 * bentocache's two-level store as its multi-tier docs set it up: memory L1, Redis L2 over an ioredis
 * connection, and a Redis bus keeping the L1s of several processes in step. Its stampede protection is a
 * per-key mutex inside the process. The L1 keeps its default `serialize: true` (JSON parsed on every L1
 * hit): `serialize: false` would skip that, but in 1.6.1 a value refilled from L2 (another process loaded
 * it) then crashes the next L1 read (bentocache issue #111, fix in PR #113, unreleased).
 */
export const bentocache: Peer = {
  id: 'bentocache',
  label: 'bentocache getOrSet',
  setup: 'L1 memory (serialized, its default) + Redis + Redis bus, in-process mutex',
  async create({ redisUrl, keyPrefix }) {
    const connection = new Redis(redisUrl, { connectionName: 'bench-data-layer-bentocache' });
    const bento = new BentoCache({
      default: 'cache',
      prefix: keyPrefix.replace(/:$/, ''),
      ttl: `${ENTRY_TTL_SECONDS}s`,
      stores: {
        cache: bentostore()
          .useL1Layer(memoryDriver({ maxItems: 10_000 }))
          .useL2Layer(redisDriver({ connection }))
          .useBus(redisBusDriver({ connection })),
      },
    });
    await connection.ping();
    return {
      getOrLoad: (key, load) => bento.getOrSet({ key, factory: load }),
      close: closeOnce(async () => {
        await bento.disconnectAll();
        connection.disconnect();
      }),
    };
  },
};
