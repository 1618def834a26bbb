import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { configDefaults, defineConfig } from 'vitest/config';

const root = path.dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  resolve: {
    alias: [
      { find: /^@\//, replacement: `${root}/` },
      // 'server-only' throws outside React Server Components; under vitest it is an empty module.
      { find: /^server-only$/, replacement: path.join(root, 'node_modules/server-only/empty.js') },
    ],
  },
  test: {
    environment: 'node',
    include: [
      'lib/**/*.test.ts',
      'app/**/*.test.ts',
      'scripts/**/*.test.ts',
      'tooling/**/*.test.ts',
      'bench/**/*.test.ts',
    ],
    // The benchmark's smoke run needs a production build: a later step of `npm test` (bench/vitest.config.ts).
    exclude: [...configDefaults.exclude, 'bench/smoke.test.ts'],
    // A fresh database and Redis key prefix per run, handed to the workers by tooling/vitest/setup-env.ts.
    globalSetup: ['tooling/vitest/global-setup.ts'],
    setupFiles: ['tooling/vitest/setup-env.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores: two test files at a time.
    maxWorkers: 2,
  },
});
