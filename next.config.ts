import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // Several instances run behind nginx; none of them may answer with its own name.
  poweredByHeader: false,
  // ioredis and postgres.js open sockets and keep pools: load them from node_modules, unbundled.
  serverExternalPackages: ['ioredis', 'postgres'],
};

export default nextConfig;
