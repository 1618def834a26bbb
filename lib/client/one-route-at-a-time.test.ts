import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import nextConfig from '@/next.config';

/*
 * next.config.ts swaps Next.js's bfcache-state-manager for ./one-route-at-a-time.ts by the name its layout
 * router imports it under. An upgrade that renames the module, moves the import or changes the hook would
 * silently bring the hidden routes back: these checks fail first. (e2e/navigation.spec.ts checks the result
 * in a browser.)
 */

const nextClient = path.join(process.cwd(), 'node_modules/next/dist');
const read = (file: string) => readFileSync(path.join(nextClient, file), 'utf8');

describe('one route at a time (lib/client/one-route-at-a-time.ts)', () => {
  const aliases = nextConfig.turbopack?.resolveAlias ?? {};
  const [request, replacement] =
    Object.entries(aliases).find(([, to]) => to === './lib/client/one-route-at-a-time.ts') ?? [];

  it('is put in place of the module Next.js layout router imports', () => {
    expect(request).toBe('./bfcache-state-manager');
    expect(existsSync(path.join(process.cwd(), String(replacement)))).toBe(true);
    for (const router of ['client/components/layout-router.js', 'esm/client/components/layout-router.js']) {
      expect(read(router)).toMatch(/(require\(|from )["']\.\/bfcache-state-manager["']/);
    }
  });

  it('replaces a hook that keeps up to three routes with Cache Components and one without', () => {
    const original = read('client/components/bfcache-state-manager.js');
    expect(original).toMatch(/function useRouterBFCache\(activeTree, activeRenderTree, activeStateKey\)/);
    expect(original).toContain('MAX_BF_CACHE_ENTRIES = process.env.__NEXT_CACHE_COMPONENTS ? 3 : 1');
  });
});
