// Next.js's `cacheHandlers.default` and `.remote` (next.config.ts), loaded by path: forwards to the
// 'use cache' handler that instrumentation.ts installs at start (../install.ts says why). Not installed
// (during `next build`): every read is a miss and nothing is kept.
const handler = () => globalThis[Symbol.for('storefront.useCache')];

const useCacheHandler = {
  async get(cacheKey, softTags) {
    return handler()?.get(cacheKey, softTags);
  },
  async set(cacheKey, pendingEntry) {
    await handler()?.set(cacheKey, pendingEntry);
  },
  async refreshTags() {
    await handler()?.refreshTags();
  },
  async getExpiration(tags) {
    return (await handler()?.getExpiration(tags)) ?? 0;
  },
  async updateTags(tags, durations) {
    await handler()?.updateTags(tags, durations);
  },
};

export default useCacheHandler;
