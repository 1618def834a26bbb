/** Runs once when a server process starts (Next.js calls it before the first request). */
export async function register() {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { checkConfigAtStart } = await import('./lib/startup');
    checkConfigAtStart();
    // The client address (lib/http/request-info.ts) starts from each request's socket address.
    const { stampPeerAddresses } = await import('./lib/http/peer-address');
    stampPeerAddresses();
    // Every instance adds its cache hit/miss counts to Redis's per-minute buckets (the /admin/stats chart).
    if (process.env.NEXT_PHASE !== 'phase-production-build') {
      // Pages and 'use cache' entries in Redis, shared by every instance (lib/pages/cache-handlers).
      const { installPageCacheHandlers } = await import('./lib/pages/cache-handlers/install');
      installPageCacheHandlers();
      const { startHitRateSampler } = await import('./lib/admin/stats/hit-rate-sampler');
      startHitRateSampler();
      // Every instance applies cache invalidations a crashed or Redis-less writer left in the outbox.
      const { startOutboxSweeper } = await import('./lib/catalog/outbox');
      startOutboxSweeper();
      // SIGTERM drains: no new connections, requests in flight answered, pools closed, exit 0.
      const { installGracefulShutdown } = await import('./lib/lifecycle/graceful-shutdown');
      const { closeClients } = await import('./lib/lifecycle/close-clients');
      installGracefulShutdown(closeClients);
    }
  }
}
