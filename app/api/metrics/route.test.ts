import { describe, expect, it } from 'vitest';
import { GET } from './route';

describe('GET /api/metrics', () => {
  it("serves the contract's cache metrics in Prometheus text format", async () => {
    const response = await GET();
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
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
  });
});
