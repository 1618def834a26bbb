import { launchChromium, runLighthouse, type Audit } from '../../tooling/lighthouse';
import { firstViewCost } from '../pages/first-view-cost';
import { byMode, type BenchContext, type BenchPart, type Table } from '../part';
import { productsOutsideSales } from '../products';
import { median, round } from '../stats';

/*
 * What a shopper's phone does with the catalog pages: Lighthouse's mobile preset (a slow phone's CPU and a
 * slow 4G network, simulated) in Debian's Chromium, several runs of the home, listing and product pages of
 * one production instance, each page cached before it is measured. The median of the runs, since single
 * runs vary by a few hundredths: performance, LCP, TBT and the JavaScript sent; then what the figures are
 * made of (the LCP element, the main thread's work, the scripts that cost it). Last, what each page's first
 * view costs the instance's CPU: the page, and the build's files it loads, straight and through nginx.
 */

interface Page {
  id: 'home' | 'listing' | 'product';
  path: string;
}

/** The run whose performance score is the median one: its LCP element and breakdowns are shown. */
function medianRun(audits: Audit[]): Audit {
  const sorted = [...audits].sort((a, b) => a.scores.performance - b.scores.performance);
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
}

const kilobytes = (bytes: number) => round(bytes / 1024);
const shortUrl = (url: string) => url.replace(/^https?:\/\/[^/]+/, '');

async function run(context: BenchContext) {
  const runs = byMode(context.mode, { full: 3, quick: 3, smoke: 1 });
  const pages: Page[] = [
    { id: 'home', path: '/' },
    { id: 'listing', path: '/products' },
    { id: 'product', path: `/products/${(await productsOutsideSales(context.databaseUrl, 1))[0]!.slug}` },
  ];
  const instance = await context.startInstance();
  const chrome = await launchChromium();
  context.defer('stop Lighthouse’s Chromium', async () => chrome.kill());

  const byPage = new Map<Page['id'], Audit[]>();
  const progress = context.progress('mobile', pages.length * runs);
  try {
    // One run thrown away first: a Chromium just started held back its first page's paint (paint holding)
    // in most of our tries, to about 1.25 or 2.25 s with the page loaded and the main thread idle, the same
    // with a static copy of the page. That is the browser starting up, not the page; a phone's is running.
    if (context.mode !== 'smoke') await runLighthouse(`${instance.baseURL}${pages[0]!.path}`, chrome.port);
    for (const page of pages) {
      const url = `${instance.baseURL}${page.path}`;
      await (await fetch(url)).text(); // rendered and cached before it is measured
      const audits: Audit[] = [];
      for (let i = 0; i < runs; i += 1) {
        audits.push(await runLighthouse(url, chrome.port));
        progress.increment();
      }
      byPage.set(page.id, audits);
    }
  } finally {
    progress.stop();
  }

  const figures: Record<string, number> = {};
  const medians: Table = {
    title: `Lighthouse mobile preset, median of ${runs} run${runs === 1 ? '' : 's'} per page`,
    columns: [
      'page',
      'performance',
      'LCP (ms)',
      'TBT (ms)',
      'CLS (×1000)',
      'FCP (ms)',
      'JS sent (KB)',
      'JS (KB, unpacked)',
    ],
    rows: [],
    note: 'Goals: performance ≥ 0.95, LCP ≤ 2,000 ms, TBT ≤ 150 ms on every page; ≤ 150 KB of JavaScript sent on a product page.',
  };
  const causes: Table = {
    title: 'What each page’s median run is made of',
    columns: [
      'page',
      'LCP element',
      'each run: LCP simulated (painted, unthrottled) ms',
      'main-thread work (ms)',
      'costliest scripts (ms)',
      'scripts sent (KB)',
    ],
    note:
      'The simulated LCP counts every script that ran before the LCP element really painted: a run whose paint ' +
      'Chrome held back (paint holding, up to about 1 or 2 s) counts them all, one painted first only some.',
    rows: [],
  };
  for (const page of pages) {
    const audits = byPage.get(page.id)!;
    const of = (pick: (audit: Audit) => number) => median(audits.map(pick));
    const ms = (pick: (audit: Audit) => number) => Math.round(of(pick));
    const figure = {
      performance: of((audit) => audit.scores.performance),
      lcp: ms((audit) => audit.lcpMs),
      tbt: ms((audit) => audit.tbtMs),
      cls: ms((audit) => audit.clsMilli),
      fcp: ms((audit) => audit.fcpMs),
      js: kilobytes(of((audit) => audit.scriptTransferBytes)),
      jsUnpacked: kilobytes(of((audit) => audit.scriptResourceBytes)),
    };
    medians.rows.push([
      page.id,
      figure.performance,
      figure.lcp,
      figure.tbt,
      figure.cls,
      figure.fcp,
      figure.js,
      figure.jsUnpacked,
    ]);
    figures[`mobile_${page.id}_performance`] = figure.performance;
    figures[`mobile_${page.id}_lcp_ms`] = figure.lcp;
    figures[`mobile_${page.id}_tbt_ms`] = figure.tbt;
    figures[`mobile_${page.id}_js_kb`] = figure.js;

    const shown = medianRun(audits);
    causes.rows.push([
      page.id,
      shown.lcpElement.slice(0, 100),
      audits.map((audit) => `${Math.round(audit.lcpMs)} (${Math.round(audit.observedLcpMs)})`).join('; '),
      shown.mainThread.map((work) => `${work.label} ${Math.round(work.ms)}`).join('; '),
      shown.scripts
        .slice(0, 4)
        .map((script) => `${shortUrl(script.url)} ${Math.round(script.ms)}`)
        .join('; ') || 'none over Lighthouse’s threshold',
      shown.scriptsSent.map((script) => `${shortUrl(script.url)} ${kilobytes(script.bytes)}`).join('; '),
    ]);
  }
  const views = byMode(context.mode, { full: 20, quick: 20, smoke: 3 });
  const cost: Table = {
    title: 'What a first view costs the instance (CPU ms per view)',
    columns: [
      'page',
      'the page (cached)',
      'files it loads',
      'serving them, straight',
      'serving them, through nginx',
    ],
    rows: [],
    note:
      'An instance compresses each script and stylesheet on every request; nginx as shipped keeps them ' +
      '(deploy/nginx-proxy.conf, /_next/static/), so after the first view none reaches an instance. ' +
      `CPU from /proc, ${views} views each.`,
  };
  for (const page of pages) {
    const spent = await firstViewCost(instance, page.path, views);
    cost.rows.push([
      page.id,
      round(spent.pageMs),
      spent.files,
      round(spent.filesMs),
      round(spent.filesThroughNginxMs),
    ]);
    figures[`first_view_${page.id}_page_cpu_ms`] = round(spent.pageMs);
    figures[`first_view_${page.id}_files_cpu_ms`] = round(spent.filesMs);
    figures[`first_view_${page.id}_files_nginx_cpu_ms`] = round(spent.filesThroughNginxMs);
  }
  return { tables: [medians, causes, cost], figures };
}

export const mobilePart: BenchPart = {
  id: 'mobile',
  title: 'Catalog pages on a phone (Lighthouse mobile)',
  run,
};
