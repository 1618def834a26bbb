// Next.js's `cacheHandler` (next.config.ts), loaded by path with Node's loader: forwards to the page cache
// that instrumentation.ts installs at start (../install.ts says why). Not installed: caches nothing.
const pageCache = () => globalThis[Symbol.for('storefront.pageCache')];

export default class PageCacheHandler {
  async get(key, ctx) {
    return (await pageCache()?.get(key, ctx)) ?? null;
  }

  async set(key, data, ctx) {
    await pageCache()?.set(key, data, ctx);
  }

  async revalidateTag(tags) {
    await pageCache()?.revalidateTag(tags);
  }

  resetRequestCache() {}
}
