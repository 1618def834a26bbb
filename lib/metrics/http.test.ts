import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { countHttpRequests, getHttpMetrics, routeKind } from './http';

describe('routeKind', () => {
  it.each([
    ['GET', '/', 'catalog'],
    ['HEAD', '/products?category=books&page=2', 'catalog'],
    ['GET', '/products/blue-kettle', 'catalog'],
    ['GET', '/listing/books/price/2', 'catalog'],
    ['POST', '/products/blue-kettle', 'action'],
    ['GET', '/api/products/blue-kettle', 'catalog_api'],
    ['POST', '/api/checkout', 'checkout'],
    ['GET', '/api/checkout', 'other'],
    ['POST', '/cart', 'cart'],
    ['PUT', '/api/cart/items/4', 'cart'],
    ['POST', '/api/auth/login', 'account'],
    ['GET', '/orders/12', 'account'],
    ['GET', '/sales', 'sales'],
    ['GET', '/queue/3', 'sales'],
    ['POST', '/api/sales/3/queue', 'sales'],
    ['GET', '/api/sales/3/events', 'events'],
    ['GET', '/admin/products/2/edit', 'admin'],
    ['PATCH', '/api/admin/products/2', 'admin'],
    ['GET', '/_next/static/chunks/app.js', 'assets'],
    ['GET', '/images/products/7', 'assets'],
    ['GET', '/favicon.ico', 'assets'],
    ['GET', '/api/health/live', 'probe'],
    ['GET', '/api/metrics', 'probe'],
    ['GET', '/no-such-page', 'other'],
  ])('%s %s is %s', (method, url, kind) => {
    expect(routeKind(method, url)).toBe(kind);
  });
});

/** A sample of the counter (or, with `_count`, of the histogram) with these labels. */
const sample = async (name: string, labels: Record<string, string>) => {
  const { requests, duration } = getHttpMetrics();
  const values = name.endsWith('_count')
    ? (await duration.get()).values.filter((value) => value.metricName === name)
    : (await requests.get()).values;
  return values.find((value) =>
    Object.entries(labels).every(
      ([key, wanted]) => String((value.labels as Record<string, unknown>)[key]) === wanted,
    ),
  )?.value;
};

describe('countHttpRequests', () => {
  it('counts each answered request by kind and code, with its time, at the server', async () => {
    countHttpRequests();
    const server = http.createServer((request, response) => {
      if (request.url === '/api/checkout') {
        response.statusCode = 503;
        response.end('{}');
      } else if (request.url === '/products/slow') {
        response.write('<html>'); // streamed, then the client leaves before the end
      } else response.end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const before = {
      catalog: (await sample('storefront_http_requests_total', { kind: 'catalog', code: '200' })) ?? 0,
      checkout: (await sample('storefront_http_requests_total', { kind: 'checkout', code: '503' })) ?? 0,
      aborted: (await sample('storefront_http_requests_total', { kind: 'catalog', code: 'aborted' })) ?? 0,
      observed: (await sample('storefront_http_request_duration_seconds_count', { kind: 'catalog' })) ?? 0,
    };
    await (await fetch(`${base}/products/kettle`)).text();
    await (await fetch(`${base}/api/checkout`, { method: 'POST' })).text();
    const leaving = new AbortController();
    const slow = await fetch(`${base}/products/slow`, { signal: leaving.signal });
    leaving.abort();
    await slow.text().catch(() => {});
    await new Promise((resolve) => setTimeout(resolve, 200));
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));

    expect(await sample('storefront_http_requests_total', { kind: 'catalog', code: '200' })).toBe(
      before.catalog + 1,
    );
    expect(await sample('storefront_http_requests_total', { kind: 'checkout', code: '503' })).toBe(
      before.checkout + 1,
    );
    expect(await sample('storefront_http_requests_total', { kind: 'catalog', code: 'aborted' })).toBe(
      before.aborted + 1,
    );
    // The aborted request has no duration: only the finished catalog page was timed.
    expect(await sample('storefront_http_request_duration_seconds_count', { kind: 'catalog' })).toBe(
      before.observed + 1,
    );
  });
});
