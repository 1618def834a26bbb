import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // Several instances run behind nginx; none of them may answer with its own name.
  poweredByHeader: false,
  // ioredis and postgres.js open sockets and keep pools: load them from node_modules, unbundled.
  serverExternalPackages: ['ioredis', 'postgres'],
  // `npm test` type-checks the whole project as its own step (tsc --noEmit) before it builds; checking
  // again inside every build would only double the work on a two-core machine.
  typescript: { ignoreBuildErrors: true },
};

export default nextConfig;
