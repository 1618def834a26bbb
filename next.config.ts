import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // Several instances run behind nginx; none of them may answer with its own name.
  poweredByHeader: false,
  // ioredis and postgres.js open sockets and keep pools: load them from node_modules, unbundled.
  serverExternalPackages: ['ioredis', 'postgres'],
  // `npm test` type-checks the whole project as its own step (tsc --noEmit) before it builds; checking
  // again inside every build would only double the work on a two-core machine.
  typescript: { ignoreBuildErrors: true },
  // forbidden() in the admin pages: a signed-in shopper gets the 403 page with an HTTP 403 status.
  experimental: { authInterrupts: true },
  // Pages about one visitor (cart, account, orders, sign-in forms) must never be kept by a shared cache or
  // a CDN, whatever Next.js would send by default. The personal JSON routes set the same in
  // lib/http/handler.ts.
  async headers() {
    return ['/cart', '/account', '/orders/:id', '/admin/orders', '/login', '/register'].map((source) => ({
      source,
      headers: [{ key: 'Cache-Control', value: 'private, no-store' }],
    }));
  },
};

export default nextConfig;
