import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium';

/*
 * Lighthouse in Debian's Chromium, as the e2e spec (e2e/lighthouse.spec.ts: the markup's scores) and the
 * bench's "mobile" part (bench/parts/mobile.ts: the timings) both run it. Lighthouse's default is its mobile
 * preset: a Moto G Power's screen, a 4× slower CPU and a slow 4G network, simulated.
 */

export const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const;
export type Category = (typeof CATEGORIES)[number];

/** What one Lighthouse run of one page found: scores, the timings behind performance, and what caused them. */
export interface Audit {
  url: string;
  scores: Record<Category, number>;
  /** ms; CLS ×1000. */
  fcpMs: number;
  lcpMs: number;
  tbtMs: number;
  speedIndexMs: number;
  clsMilli: number;
  /**
   * When the LCP element really painted in this run, unthrottled (ms). The simulated LCP counts every script
   * that ran before that paint: a paint held back (Chrome's paint holding) brings all of them in.
   */
  observedLcpMs: number;
  /** JavaScript the page loads: bytes over the network (compressed) and after decompression. */
  scriptTransferBytes: number;
  scriptResourceBytes: number;
  /** Each script loaded, with the bytes sent for it. */
  scriptsSent: { url: string; bytes: number }[];
  /** The LCP element (its selector and a snippet of its HTML). */
  lcpElement: string;
  /** Main-thread work by kind (ms, simulated mobile CPU): script evaluation, style and layout, … */
  mainThread: { label: string; ms: number }[];
  /** Scripts by the main-thread time they cost (ms). */
  scripts: { url: string; ms: number }[];
  /** Binary audits that failed (each a fact about the markup, not a timing). */
  failingBinaryAudits: string[];
}

interface Item {
  [key: string]: unknown;
}

export async function launchChromium(): Promise<chromeLauncher.LaunchedChrome> {
  return chromeLauncher.launch({
    chromePath: CHROMIUM_PATH,
    chromeFlags: ['--headless=new', ...CHROMIUM_ARGS],
  });
}

const numeric = (audits: Record<string, { numericValue?: number }>, id: string) =>
  audits[id]?.numericValue ?? Number.NaN;

/** One of the unthrottled timings the "metrics" audit lists beside the simulated ones. */
const observed = (audit: { details?: unknown } | undefined, key: string) =>
  Number(((audit?.details as { items?: Item[] } | undefined)?.items?.[0] ?? {})[key] ?? Number.NaN);

const items = (audit: { details?: unknown } | undefined): Item[] =>
  ((audit?.details as { items?: Item[] } | undefined)?.items ?? []).filter(Boolean);

/** The LCP element's selector and snippet (Lighthouse 12 nests its table inside a list). */
function lcpElementOf(audit: { details?: unknown } | undefined): string {
  const tables = items(audit);
  const table = (tables[0]?.items as Item[] | undefined) ?? tables;
  const node = table[0]?.node as { selector?: string; snippet?: string } | undefined;
  return node ? `${node.selector ?? ''} ${node.snippet ?? ''}`.trim() : 'none found';
}

export async function runLighthouse(url: string, chromePort: number): Promise<Audit> {
  const result = await lighthouse(url, {
    port: chromePort,
    output: 'json',
    logLevel: 'error',
    onlyCategories: [...CATEGORIES],
  });
  if (!result) throw new Error(`Lighthouse gave no result for ${url}`);
  const { audits, categories } = result.lhr;
  const scripts = items(audits['network-requests']).filter((request) => request.resourceType === 'Script');
  const sum = (key: string) => scripts.reduce((total, script) => total + Number(script[key] ?? 0), 0);
  return {
    url,
    scores: Object.fromEntries(
      CATEGORIES.map((category) => [category, categories[category]?.score ?? 0]),
    ) as Record<Category, number>,
    fcpMs: numeric(audits, 'first-contentful-paint'),
    lcpMs: numeric(audits, 'largest-contentful-paint'),
    tbtMs: numeric(audits, 'total-blocking-time'),
    speedIndexMs: numeric(audits, 'speed-index'),
    clsMilli: numeric(audits, 'cumulative-layout-shift') * 1000,
    observedLcpMs: observed(audits['metrics'], 'observedLargestContentfulPaint'),
    scriptTransferBytes: sum('transferSize'),
    scriptResourceBytes: sum('resourceSize'),
    scriptsSent: scripts
      .map((script) => ({ url: String(script.url), bytes: Number(script.transferSize ?? 0) }))
      .sort((a, b) => b.bytes - a.bytes),
    lcpElement: lcpElementOf(audits['largest-contentful-paint-element']),
    mainThread: items(audits['mainthread-work-breakdown']).map((item) => ({
      label: String(item.groupLabel ?? item.group),
      ms: Number(item.duration),
    })),
    scripts: items(audits['bootup-time']).map((item) => ({ url: String(item.url), ms: Number(item.total) })),
    failingBinaryAudits: Object.values(audits)
      .filter((entry) => entry.score !== null && entry.score < 1 && entry.scoreDisplayMode === 'binary')
      .map((entry) => entry.id),
  };
}
