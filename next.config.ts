import path from 'node:path';
import type { NextConfig } from 'next';
import { HSTS_HEADER, SECURITY_HEADERS, STATIC_ASSET_HEADERS } from './lib/http/security-headers';
import { PAGE_ROUTES } from './lib/pages/routes';

const nextConfig: NextConfig = {
  // Several instances run behind nginx; none of them may answer with its own name.
  poweredByHeader: false,
  // A build type-checks (`npm run build`, the Dockerfile), except inside `npm test`, whose own tsc step
  // checks every file, tests included, beside the build: one check, not two (scripts/test.ts).
  typescript: { ignoreBuildErrors: process.env.STOREFRONT_TYPECHECKED_BY_SUITE === '1' },
  // Catalog pages are rendered once and kept: their shared part is cached output, the visitor's own parts
  // are holes streamed in per request (README, "The page cache").
  cacheComponents: true,
  // Product pages are rendered whole on their first request (await params outside <Suspense>), so an
  // unknown product is a real 404 with its HTML, not a streamed fallback.
  partialPrefetching: false,
  // Both kept in Redis through our cache engine, shared by every instance (lib/pages/cache-handlers).
  cacheHandler: path.resolve('lib/pages/cache-handlers/next/page-handler.mjs'),
  cacheHandlers: {
    default: path.resolve('lib/pages/cache-handlers/next/use-cache-handler.mjs'),
    remote: path.resolve('lib/pages/cache-handlers/next/use-cache-handler.mjs'),
  },
  // No per-process copy in front of the shared one: it would not hear another instance's invalidation.
  cacheMaxMemorySize: 0,
  cacheLife: {
    // Catalog data and the pages built from it: kept an hour (CACHE_TTL_SECONDS' default) unless an admin
    // write invalidates them first, which is how they normally change.
    catalog: { stale: 300, revalidate: 3600, expire: 86400 },
  },
  // ioredis and postgres.js open sockets and keep pools: load them from node_modules, unbundled. So is
  // OpenTelemetry: one copy of its API for Next.js's spans and ours, and the SDK (loaded only when an OTLP
  // endpoint is set: instrumentation.otel.ts) left out of the bundles.
  serverExternalPackages: ['ioredis', 'postgres', '@opentelemetry/api', '@opentelemetry/sdk-node'],
  // forbidden() in the admin pages: a signed-in shopper gets the 403 page with an HTTP 403 status.
  // sri: every script tag Next.js emits for its bundles carries an integrity hash, so the CSP can stay
  // hash-based and pages cacheable (lib/http/security-headers.ts).
  // Not inlineCss: it met issue #25's LCP goal on a phone (the page painted before its scripts ran) but more
  // than doubled every page, the stylesheet being sent twice (a <style> and again in the RSC payload): a
  // product page's HTML 75 → 174 KB, its page cache entry 272 → 592 KB, and each reload in a drop would
  // fetch the stylesheet again instead of from the browser's cache.
  experimental: { authInterrupts: true, sri: { algorithm: 'sha256' } },
  // proxy.ts sees the address the server was asked on (its `-H` host), not Next's rebuilt `localhost`
  // one: a rewrite to a URL of a different origin is proxied over HTTP, a second request to this server.
  skipProxyUrlNormalize: true,
  // One route in the page at a time: Cache Components would keep the last three, hidden, in the DOM
  // (lib/client/one-route-at-a-time.ts). The key is how Next.js's layout router imports the module.
  turbopack: {
    resolveAlias: { './bfcache-state-manager': './lib/client/one-route-at-a-time.ts' },
  },
  // Pages about one visitor (the page table's personal ones: cart, account, orders, sign-in forms, admin)
  // must never be kept by a shared cache or a CDN, whatever Next.js would send by default. The personal
  // JSON routes set the same in lib/http/handler.ts.
  async headers() {
    const personal = PAGE_ROUTES.filter((route) => route.caching === 'personal').map((route) => ({
      source: route.pattern,
      headers: [{ key: 'Cache-Control', value: 'private, no-store' }],
    }));
    return [
      ...personal,
      // Pages stream their per-visitor holes after the cached shell: nginx must pass each part on at once.
      { source: '/((?!api/|_next/static/).*)', headers: [{ key: 'X-Accel-Buffering', value: 'no' }] },
      // Every page and route; the build's own files carry only what applies to them.
      { source: '/((?!_next/static/).*)', headers: SECURITY_HEADERS },
      { source: '/_next/static/:path*', headers: STATIC_ASSET_HEADERS },
      // HSTS only when the visitor came over HTTPS, which nginx (terminating TLS) says in X-Forwarded-Proto.
      {
        source: '/:path*',
        has: [{ type: 'header' as const, key: 'x-forwarded-proto', value: 'https(\\s*,.*)?' }],
        headers: [HSTS_HEADER],
      },
    ];
  },
};

export default nextConfig;
