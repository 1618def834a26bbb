import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/*
 * The benchmark's smoke test (a step of `npm test`, after the production build): `npm run bench` in its
 * smallest mode, every part, checked for its figures (not their values: speed is measured, not asserted).
 */
export default defineConfig({
  root,
  test: {
    environment: 'node',
    // bench/'s other tests are unit tests, run by the root vitest.config.ts.
    include: ['bench/smoke.test.ts'],
    testTimeout: 420_000,
  },
});
