import { describe, expect, it } from 'vitest';
import { dashboardQueries, metricNames, readDashboard } from './grafana';

// deploy/grafana/storefront.json is importable as it is (its data source a variable), and covers what an
// operator watches. Every query runs against a real Prometheus in drills/alerts.drill.ts.

const dashboard = readDashboard();

describe('metricNames', () => {
  it('finds the metrics a query reads, not its functions, labels, keywords or durations', () => {
    expect(
      metricNames(
        'histogram_quantile(0.99, sum by (kind, le) (rate(storefront_http_request_duration_seconds_bucket{kind=~"cat.*"}[1m])))',
      ),
    ).toEqual(['storefront_http_request_duration_seconds_bucket']);
    expect(
      metricNames(
        'redis_memory_used_bytes / on (instance) (redis_memory_max_bytes > 0 or up{job="redis"}) * 60',
      ),
    ).toEqual(['redis_memory_used_bytes', 'redis_memory_max_bytes', 'up']);
    expect(metricNames('slo:sli_error:ratio_rate5m')).toEqual(['slo:sli_error:ratio_rate5m']);
  });
});

describe('deploy/grafana/storefront.json', () => {
  it('is importable: a title, a uid, and every panel on the Prometheus chosen by the datasource variable', () => {
    expect(dashboard).toMatchObject({ title: 'Storefront', uid: 'storefront' });
    expect(dashboard.schemaVersion).toBeGreaterThanOrEqual(36);
    expect(dashboard.templating.list).toContainEqual(
      expect.objectContaining({ name: 'datasource', type: 'datasource', query: 'prometheus' }),
    );
    const ids = dashboard.panels.map((panel) => panel.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const panel of dashboard.panels.filter((panel) => panel.type !== 'row')) {
      expect(panel.datasource, panel.title).toEqual({ type: 'prometheus', uid: '${datasource}' });
      expect(panel.targets?.length, panel.title).toBeGreaterThan(0);
      expect(panel.gridPos.x + panel.gridPos.w, panel.title).toBeLessThanOrEqual(24);
    }
  });

  it('shows requests, errors and latency by route kind, the cache, Redis, PostgreSQL, checkout and a sale', () => {
    const read = new Set(dashboardQueries(dashboard).flatMap((query) => metricNames(query.expr)));
    for (const name of [
      'storefront_http_requests_total',
      'storefront_http_request_duration_seconds_bucket',
      'namespace:storefront_cache_hit:ratio_rate5m',
      'storefront_cache_loads_total',
      'redis_commands_processed_total',
      'redis_memory_used_bytes',
      'pg_stat_activity_count',
      'pg_stat_database_xact_commit',
      'storefront_checkout_total',
      'storefront_sale_units_left',
      'storefront_queue_waiting',
      'storefront_queue_admitted_total',
    ]) {
      expect(read, name).toContain(name);
    }
  });
});
