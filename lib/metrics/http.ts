import { subscribe } from 'node:diagnostics_channel';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Counter, Histogram } from 'prom-client';
import { onResponseClose } from '../response-close';
import { getMetricsRegistry } from './registry';

/*
 * Every request an instance answers, by route kind and status: what the availability and latency SLOs of
 * catalog pages and checkout are computed from (deploy/prometheus/rules/). Counted at the HTTP server
 * itself, so pages rendered and streamed by Next.js count as API routes do: Node publishes each request on
 * the 'http.server.request.start' diagnostics channel before Next.js sees it, and the response's end (or
 * its connection closing first) gives the status and the time to the last byte.
 *
 * The kind is a fixed, small set read from the method and path (never the path itself, whose values are
 * unbounded). Pages a 503 would answer count as 5xx: that is the shopper's outage.
 */

const HTTP_METRIC_NAMES = {
  requests: 'storefront_http_requests_total',
  duration: 'storefront_http_request_duration_seconds',
} as const;

export const ROUTE_KINDS = [
  /** GET/HEAD of the catalog pages: `/`, `/products`, `/products/<slug>` (and the cached listings). */
  'catalog',
  /** The catalog's JSON: `/api/products…`. */
  'catalog_api',
  /** `POST /api/checkout`. */
  'checkout',
  /** `/cart` (its server actions: line edits and "Place order") and `/api/cart…`. */
  'cart',
  /** Server actions posted to the catalog pages (add to cart). */
  'action',
  /** Signing in and out, registering, the account and orders: pages and JSON. */
  'account',
  /** Sales and their lines: pages and JSON (not the event streams). */
  'sales',
  /** A sale's event stream: open for minutes, so its duration is not observed. */
  'events',
  /** The admin pages and JSON. */
  'admin',
  /** Next.js's static files, product pictures, icons. */
  'assets',
  /** Health checks and the metrics scrape. */
  'probe',
  'other',
] as const;
export type RouteKind = (typeof ROUTE_KINDS)[number];

const CATALOG_PAGE = /^\/(?:products(?:\/[^/]+)?|listing\/.+)?$/;

/** The kind of a request, from its method and its path (the query string is ignored). */
export function routeKind(method: string, url: string): RouteKind {
  const path = url.split('?', 1)[0]!.replace(/\/+$/, '') || '/';
  const read = method === 'GET' || method === 'HEAD';
  if (path.startsWith('/_next/') || path.startsWith('/images/') || /\.\w+$/.test(path)) return 'assets';
  if (path.startsWith('/api/')) {
    const [, , area, , leaf] = path.split('/');
    if (area === 'health' || area === 'metrics') return 'probe';
    if (area === 'products') return 'catalog_api';
    if (area === 'checkout') return read ? 'other' : 'checkout';
    if (area === 'cart') return 'cart';
    if (area === 'auth' || area === 'orders' || area === 'viewer') return 'account';
    if (area === 'sales') return leaf === 'events' ? 'events' : 'sales';
    if (area === 'admin') return 'admin';
    return 'other';
  }
  if (CATALOG_PAGE.test(path)) return read ? 'catalog' : 'action';
  const [, top] = path.split('/');
  if (top === 'cart') return 'cart';
  if (['login', 'register', 'account', 'orders'].includes(top!)) return 'account';
  if (top === 'sales' || top === 'queue') return 'sales';
  if (top === 'admin') return 'admin';
  return 'other';
}

interface HttpMetrics {
  requests: Counter<'kind' | 'code'>;
  duration: Histogram<'kind'>;
}

const state = globalThis as unknown as {
  storefrontHttpMetrics?: HttpMetrics;
  storefrontHttpCounting?: boolean;
};

export function getHttpMetrics(): HttpMetrics {
  state.storefrontHttpMetrics ??= {
    requests: new Counter({
      name: HTTP_METRIC_NAMES.requests,
      help: 'Requests answered, by route kind and status code ("aborted": the client left before the end).',
      labelNames: ['kind', 'code'] as const,
      registers: [getMetricsRegistry()],
    }),
    duration: new Histogram({
      name: HTTP_METRIC_NAMES.duration,
      help: 'From the request to the last byte of its answer, by route kind (event streams left out).',
      labelNames: ['kind'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [getMetricsRegistry()],
    }),
  };
  return state.storefrontHttpMetrics;
}

/** Counts one answered request (`code` null: the connection closed before the answer ended). */
export function countRequest(kind: RouteKind, code: number | null, seconds: number): void {
  const metrics = getHttpMetrics();
  metrics.requests.inc({ kind, code: code === null ? 'aborted' : String(code) });
  if (code !== null && kind !== 'events') metrics.duration.observe({ kind }, seconds);
}

/** Counts every request this process serves from now on; idempotent. Called from instrumentation.ts. */
export function countHttpRequests(): void {
  if (state.storefrontHttpCounting) return;
  state.storefrontHttpCounting = true;
  getHttpMetrics();
  subscribe('http.server.request.start', (message) => {
    const { request, response } = message as { request: IncomingMessage; response: ServerResponse };
    const started = performance.now();
    const kind = routeKind(request.method ?? 'GET', request.url ?? '/');
    onResponseClose(response, () => {
      const seconds = (performance.now() - started) / 1000;
      countRequest(kind, response.writableFinished ? response.statusCode : null, seconds);
    });
  });
}
