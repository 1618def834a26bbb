import type { NextConfig } from 'next';
import { HSTS_HEADER, SECURITY_HEADERS } from './lib/http/security-headers';

const nextConfig: NextConfig = {
  // Several instances run behind nginx; none of them may answer with its own name.
  poweredByHeader: false,
  // ioredis and postgres.js open sockets and keep pools: load them from node_modules, unbundled.
  serverExternalPackages: ['ioredis', 'postgres'],
  // `npm test` type-checks the whole project as its own step (tsc --noEmit) before it builds; checking
  // again inside every build would only double the work on a two-core machine.
  typescript: { ignoreBuildErrors: true },
  // forbidden() in the admin pages: a signed-in shopper gets the 403 page with an HTTP 403 status.
  // sri: every script tag Next.js emits for its bundles carries an integrity hash, so the CSP can stay
  // hash-based and pages cacheable (lib/http/security-headers.ts).
  experimental: { authInterrupts: true, sri: { algorithm: 'sha256' } },
  // Pages about one visitor (cart, account, orders, sign-in forms) must never be kept by a shared cache or
  // a CDN, whatever Next.js would send by default. The personal JSON routes set the same in
  // lib/http/handler.ts.
  async headers() {
    const personal = ['/cart', '/account', '/orders/:id', '/admin/orders', '/login', '/register'].map(
      (source) => ({ source, headers: [{ key: 'Cache-Control', value: 'private, no-store' }] }),
    );
    return [
      ...personal,
      { source: '/:path*', headers: SECURITY_HEADERS },
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
