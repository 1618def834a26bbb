import { useState } from 'react';
import type {
  RouterBFCacheEntry,
  useRouterBFCache as nextUseRouterBFCache,
} from 'next/dist/client/components/bfcache-state-manager';

/*
 * Next.js's router keeps one route in the page at a time, as it does without Cache Components.
 *
 * With Cache Components, Next.js keeps the last three routes at every level of the page, the ones left
 * hidden by React's <Activity> (vercel/next.js#86577). After a click from a product to the cart the
 * document then held three `h1`s, two headers and two cart counts: whatever finds elements by tag, label
 * or test id (a browser test, a screen scraper, a price checker) found two or three, and the hidden copies
 * went away only when the router dropped them. Nothing in Next.js's configuration turns this off, so
 * next.config.ts puts this module in place of next/dist/client/components/bfcache-state-manager
 * (`turbopack.resolveAlias`): Next.js's own hook with its limit, MAX_BF_CACHE_ENTRIES, at 1, the value it
 * uses when Cache Components is off. A route left behind unmounts; Back renders it again, from the router's
 * cache. `lib/client/one-route-at-a-time.test.ts` fails if Next.js stops using the module.
 */
export const useRouterBFCache: typeof nextUseRouterBFCache = (
  activeTree,
  activeRenderTree,
  activeStateKey,
) => {
  const [activeEntry, setActiveEntry] = useState<RouterBFCacheEntry>(() => ({
    tree: activeTree,
    renderTree: activeRenderTree,
    stateKey: activeStateKey,
    next: null,
  }));
  // The same tree: the same entry, as in Next.js's hook.
  if (activeEntry.tree === activeTree) return activeEntry;
  const entry = { tree: activeTree, renderTree: activeRenderTree, stateKey: activeStateKey, next: null };
  setActiveEntry(entry);
  return entry;
};
