import { getConfig } from '../config';

/*
 * /bench/static and /bench/dynamic (app/(shop)/bench) are the benchmark's floor and ceiling: pages of the
 * same build as the shop, so they are compiled into every build, but only an instance started with
 * BENCH_PAGES=1 (the benchmark's, bench/parts/pages.ts) serves them. Everywhere else they are the site's
 * 404, whatever the method: proxy.ts asks here before Next.js serves even the prerendered one.
 */

const BENCH_PAGE = /^\/bench(\/|$)/;

export function isHiddenBenchPage(pathname: string): boolean {
  return BENCH_PAGE.test(pathname) && !getConfig().BENCH_PAGES;
}
