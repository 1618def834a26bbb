import { NextRequest } from 'next/server';
import { describe, expect, it } from 'vitest';
import { peerStamp } from '@/lib/http/peer-address';
import { TestBrowser } from '@/tooling/vitest/session';
import { refuseScrape } from '@/lib/http/operator-access';
import { GET } from './route';

const TOKEN = 'a-scrape-token-of-some-length';

describe('GET /api/metrics', () => {
  it("serves the contract's cache metrics in Prometheus text format to this machine", async () => {
    // A scrape from this machine (TestBrowser.call would parse the text as JSON).
    const scrape = new NextRequest('http://127.0.0.1:3000/api/metrics', {
      headers: [peerStamp('127.0.0.1')],
    });
    const response = await GET(scrape);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(response.headers.get('cache-control')).toBe('private, no-store');
    const body = await response.text();
    for (const name of [
      'storefront_cache_requests_total',
      'storefront_cache_loads_total',
      'storefront_cache_lock_waits_total',
      'storefront_cache_errors_total',
      'storefront_cache_load_duration_seconds',
    ]) {
      expect(body).toContain(`# TYPE ${name} `);
    }
    // Open sale event streams on this instance: shown (at 0) before the first one opens.
    expect(body).toContain('# TYPE storefront_sse_clients gauge');
    // What the alerts read (deploy/prometheus/rules/): shown at 0 before the first sweep and check.
    for (const name of [
      'storefront_outbox_oldest_age_seconds',
      'storefront_outbox_pending',
      'storefront_stock_gate_drift_products',
      'storefront_stock_gate_checked_products',
    ]) {
      expect(body).toMatch(new RegExp(`^${name} 0$`, 'm'));
    }
    expect(body).toContain('# TYPE storefront_queue_admission_wait_seconds histogram');
  });

  it('answers 403 to another address, even one claiming 127.0.0.1 in X-Forwarded-For', async () => {
    const stranger = new TestBrowser('198.51.100.7');
    expect((await stranger.call(GET, 'GET', '/api/metrics')).status).toBe(403);
    const claimant = await stranger.call(GET, 'GET', '/api/metrics', {
      headers: { 'x-forwarded-for': '127.0.0.1' },
    });
    expect(claimant).toMatchObject({ status: 403, json: { error: expect.any(String) } });
    expect(claimant.headers.get('cache-control')).toBe('private, no-store');
  });
});

describe('refuseScrape with METRICS_TOKEN', () => {
  it('lets a bearer of the token through, from anywhere', () => {
    expect(refuseScrape(`Bearer ${TOKEN}`, '198.51.100.7', TOKEN)).toBeNull();
    expect(refuseScrape(`bearer   ${TOKEN}`, '198.51.100.7', TOKEN)).toBeNull();
  });

  it.each([null, '', 'Bearer', `Bearer ${TOKEN}x`, `Bearer ${TOKEN.slice(0, -1)}`, `Basic ${TOKEN}`])(
    'answers 401 with WWW-Authenticate to %j, loopback included',
    async (authorization) => {
      const refusal = refuseScrape(authorization, '127.0.0.1', TOKEN);
      expect(refusal?.status).toBe(401);
      expect(refusal?.headers.get('www-authenticate')).toBe('Bearer');
      expect(await refusal?.json()).toEqual({ error: expect.any(String) });
    },
  );
});
