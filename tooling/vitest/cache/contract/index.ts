import { describe } from 'vitest';
import type { RedisTarget } from '@/lib/redis/client';
import { boundedContract } from './bounded';
import { useContractContext } from './context';
import { invalidationContract } from './invalidation';
import { producedContract } from './produced';
import { stalenessContract } from './staleness';
import { stampedeContract } from './stampede';
import { tagsContract } from './tags';

/**
 * The engine's guarantees, against real Redis. Registered once per driver (../engine.standalone.test.ts,
 * ../engine.cluster.test.ts), as bentocache runs one suite against every driver: `target` names the Redis to
 * use once the suite's beforeAll has started it.
 */
export function engineContract(label: string, target: () => RedisTarget): void {
  describe(`CacheEngine on ${label}`, () => {
    const context = useContractContext(target);
    stampedeContract(context);
    invalidationContract(context);
    stalenessContract(context);
    tagsContract(context);
    producedContract(context);
    boundedContract(context);
  });
}
