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
      // OpenTelemetry, only with an OTLP endpoint set: unset, the SDK is never loaded and no span is made.
      const { getConfig, tracesExported } = await import('./lib/config');
      const tracing = tracesExported(getConfig()) ? await import('./instrumentation.otel') : undefined;
      tracing?.startTracing();
      // Every request by route kind, status and time (lib/metrics/http.ts): the SLOs' numbers.
      const { countHttpRequests } = await import('./lib/metrics/http');
      countHttpRequests();
      // Pages and 'use cache' entries in Redis, shared by every instance (lib/pages/cache-handlers).
      const { installPageCacheHandlers } = await import('./lib/pages/cache-handlers/install');
      installPageCacheHandlers();
      const { startHitRateSampler } = await import('./lib/admin/stats/hit-rate-sampler');
      startHitRateSampler();
      // Every instance applies cache invalidations a crashed or Redis-less writer left in the outbox.
      const { startOutboxSweeper } = await import('./lib/catalog/outbox');
      startOutboxSweeper();
      // Every instance follows the sales from its start (their timers: prewarm, start, end) and warms a
      // sale's products before it opens (lib/pages/sale-prewarm.ts).
      const { startSalePrewarm } = await import('./lib/pages/sale-prewarm');
      startSalePrewarm();
      // Every instance reads each running queued sale's line once a second from its start (lib/queue):
      // the draw at the start and each freed admission happen while any instance runs, asked or not.
      const { closeQueueLines, getQueueLines } = await import('./lib/queue/lines');
      getQueueLines();
      // Every 30 s, the stock gate of the products this instance sold is compared with PostgreSQL.
      const { startGateDriftCheck } = await import('./lib/stock/drift');
      startGateDriftCheck();
      // SIGTERM drains: event streams ended and the lines' timers stopped, no new connections, requests in
      // flight answered, pools closed, exit 0.
      const { installGracefulShutdown } = await import('./lib/lifecycle/graceful-shutdown');
      const { closeClients } = await import('./lib/lifecycle/close-clients');
      const { closeSaleStreams } = await import('./lib/sales/live');
      // The spans still buffered go out with the rest.
      const closeAll = async () => {
        await Promise.allSettled([closeClients(), tracing?.stopTracing()]);
      };
      installGracefulShutdown(closeAll, () => {
        closeSaleStreams();
        closeQueueLines();
      });
    }
  }
}
