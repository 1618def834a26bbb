import { Counter } from 'prom-client';
import { getMetricsRegistry } from './registry';

/** Server renders of a page's shared part, by page kind: how often the page cache had to render. */
const PAGE_RENDER_METRIC = 'storefront_page_renders_total';

const PAGE_KINDS = ['product', 'listing', 'home'] as const;
export type PageKind = (typeof PAGE_KINDS)[number];

const globalForPageMetrics = globalThis as unknown as { storefrontPageRenders?: Counter<'page'> };

function renders(): Counter<'page'> {
  if (!globalForPageMetrics.storefrontPageRenders) {
    const counter = new Counter({
      name: PAGE_RENDER_METRIC,
      help: "Server renders of a page's shared (cached) part, by page kind.",
      labelNames: ['page'] as const,
      registers: [getMetricsRegistry()],
    });
    for (const page of PAGE_KINDS) counter.inc({ page }, 0);
    globalForPageMetrics.storefrontPageRenders = counter;
  }
  return globalForPageMetrics.storefrontPageRenders;
}

/** Counts one render of `page`'s shared part (the page cache's misses, as the server sees them). */
export function countPageRender(page: PageKind): void {
  renders().inc({ page });
}

/** Registers the counter so a scrape shows it at 0 before the first render. */
export function registerPageMetrics(): void {
  renders();
}
