// Moved to test/redis-server.ts and test/ports.ts. Kept only for lib/cache/engine.resilience.test.ts,
// which the cache rework (another branch) moves; delete this file once that import points at test/.
export { startRedisServer, type RedisServerProcess } from '../../../test/redis-server';
export { freePortInRange as findFreePort } from '../../../test/ports';
