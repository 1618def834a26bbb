import { defineConfig, globalIgnores } from 'eslint/config';
import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import importX from 'eslint-plugin-import-x';

/*
 * lib/ is a stack of layers (STYLE.md, "Layers point one way"). A folder (or base file) may import the rungs
 * below its own and itself, never a rung above nor a neighbour on its own rung, so no two folders can import
 * each other, even through others: no folder cycle. A layer with more than one rung orders its folders (the
 * line sits on sales; the cart below auth, since signing in moves a guest's cart; orders over both; the admin
 * over everything).
 * Tests are not in the stack (they drive routes and set up what they need), so only their cache imports are
 * checked.
 */
const LAYERS = [
  [
    'base',
    [
      [
        'lib/config.ts',
        'lib/errors.ts',
        'lib/validation.ts',
        'lib/trace.ts',
        'lib/response-close.ts',
        'lib/concurrency',
      ],
      // OpenTelemetry's spans, over errors (a refusal is not a failed span), under both stores.
      ['lib/telemetry'],
    ],
  ],
  ['stores', [['lib/db', 'lib/redis']]],
  ['engines', [['lib/metrics'], ['lib/cache', 'lib/session', 'lib/stock']]],
  [
    'domain',
    [
      ['lib/catalog'],
      ['lib/sales'],
      ['lib/queue'],
      ['lib/cart'],
      ['lib/auth'],
      ['lib/orders'],
      ['lib/admin'],
    ],
  ],
  ['web', [['lib/http', 'lib/lifecycle', 'lib/health.ts', 'lib/startup.ts'], ['lib/pages']]],
];

const rungs = LAYERS.flatMap(([layer, layerRungs]) =>
  layerRungs.map((entries) => ({ layer, entries: entries.map((entry) => [entry].flat()) })),
);
const asTarget = (path) => (path.endsWith('.ts') ? path : `${path}/**`);

const layerZones = rungs
  .flatMap(({ layer, entries }, index) => {
    const above = rungs.slice(index + 1).flatMap((rung) => rung.entries.flat());
    return entries.map((entry) => ({
      target: entry.map(asTarget),
      from: [...entries.filter((other) => other !== entry).flat(), ...above],
      message: `${entry[0]} is in the ${layer} layer: it imports only the rungs below its own (eslint.config.mjs, LAYERS).`,
    }));
  })
  .filter((zone) => zone.from.length > 0);

const cacheZone = {
  // The cache's inside stays inside: its index, plus one deliberate entry for the Redis demo and the tests.
  target: ['!(lib)/**', '*.{ts,tsx,mjs}', 'lib/!(cache)/**', 'lib/*.ts'],
  from: ['lib/cache'],
  except: ['index.ts', 'internals.ts'],
  message: "Import '@/lib/cache' (or, for the Redis demo and the cache's tests, '@/lib/cache/internals').",
};

const stackZones = [
  ...layerZones,
  {
    target: 'lib/client/**',
    from: ['lib', 'app'],
    except: ['client'],
    message: 'lib/client is browser-side: it imports no server module.',
  },
  {
    target: 'lib/**',
    from: ['app'],
    message: 'lib/ is below app/: it never imports a route or component.',
  },
];

const TESTS = ['**/*.test.ts', '**/*.test.tsx'];

const HARNESS_IMPORT =
  'lib/ and app/ stand alone: harness code stays in tooling/, bench/, scripts/, e2e/ and drills/.';

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  // The product never leans on its harness: outside their tests, lib/ and app/ import nothing from the
  // tooling, the benchmarks, the command-line scripts or the end-to-end and drill suites.
  {
    files: ['lib/**/*.{ts,tsx}', 'app/**/*.{ts,tsx}'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            // Relative paths only for the names lib/ does not use itself (lib/cache/scripts/ holds Lua).
            { regex: '^@/(tooling|bench|scripts|e2e|drills)/', message: HARNESS_IMPORT },
            { regex: '^(\\.\\./)+(tooling|e2e|drills)/', message: HARNESS_IMPORT },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.{ts,tsx,mts,mjs}'],
    plugins: { 'import-x': importX },
    settings: {
      // import-x's TypeScript settings (how to parse the files it follows), with `@/` resolved by tsconfig.
      ...importX.flatConfigs.typescript.settings,
      'import-x/resolver-next': [createTypeScriptImportResolver({ alwaysTryTypes: true })],
    },
    rules: {
      // Module-level cycles, within a folder too (the layers already forbid them between folders).
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
    },
  },
  {
    files: ['**/*.{ts,tsx,mts,mjs}'],
    ignores: TESTS,
    rules: { 'import-x/no-restricted-paths': ['error', { zones: [...stackZones, cacheZone] }] },
  },
  {
    files: TESTS,
    rules: { 'import-x/no-restricted-paths': ['error', { zones: [cacheZone] }] },
  },
  globalIgnores([
    '.next/**',
    'node_modules/**',
    'next-env.d.ts',
    'drizzle/meta/**',
    'test-results/**',
    'playwright-report/**',
  ]),
]);
