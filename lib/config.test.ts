import { describe, expect, it } from 'vitest';
import { ConfigError, directDatabaseUrl, parseConfig, tracesExported } from './config';

const secret = 'x'.repeat(32);

/** Parses `env`, expecting a ConfigError; answers its message. */
function configErrorFor(env: Record<string, string>): string {
  try {
    parseConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message;
  }
  throw new Error(`parseConfig accepted ${JSON.stringify(env)}`);
}

describe('parseConfig', () => {
  it('defaults every variable as the contract says', () => {
    expect(parseConfig({})).toEqual({
      NODE_ENV: 'development',
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/storefront',
      DATABASE_POOLER: 'none',
      DATABASE_DIRECT_URL: undefined,
      DATABASE_POOL_SIZE: 10,
      REDIS_URL: 'redis://127.0.0.1:6379',
      REDIS_CLUSTER_NODES: undefined,
      SESSION_REDIS_URL: undefined,
      REDIS_KEY_PREFIX: '',
      SESSION_SECRET: undefined,
      SESSION_IDLE_SECONDS: 1800,
      SESSION_ABSOLUTE_SECONDS: 604800,
      CACHE_TTL_SECONDS: 3600,
      CACHE_TTL_JITTER_SECONDS: 300,
      CACHE_DISABLED: false,
      BENCH_PAGES: false,
      PASSWORD_HASH_SLOTS: undefined,
      MACHINE_ID: undefined,
      SALE_PREWARM_SECONDS: 60,
      PORT: 3000,
      TRUSTED_PROXY_HOPS: 0,
      METRICS_TOKEN: undefined,
      OTEL_EXPORTER_OTLP_ENDPOINT: undefined,
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: undefined,
      OTEL_EXPORTER_OTLP_PROTOCOL: undefined,
      OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: undefined,
      OTEL_SDK_DISABLED: false,
    });
  });

  it('treats an empty value as unset', () => {
    expect(parseConfig({ PORT: '', REDIS_KEY_PREFIX: '' })).toMatchObject({
      PORT: 3000,
      REDIS_KEY_PREFIX: '',
    });
  });

  it('reads well-formed values', () => {
    const config = parseConfig({
      NODE_ENV: 'production',
      DATABASE_URL: 'postgresql://app@db.internal:6543/shop',
      REDIS_URL: 'rediss://cache.internal:6380',
      SESSION_REDIS_URL: 'redis://sessions.internal:6379/2',
      REDIS_KEY_PREFIX: 'bench:1:',
      SESSION_SECRET: secret,
      CACHE_DISABLED: '1',
      BENCH_PAGES: '1',
      PORT: '8080',
      TRUSTED_PROXY_HOPS: '1',
      METRICS_TOKEN: 'scrape-me-with-this-token',
    });
    expect(config).toMatchObject({
      NODE_ENV: 'production',
      DATABASE_URL: 'postgresql://app@db.internal:6543/shop',
      REDIS_URL: 'rediss://cache.internal:6380',
      SESSION_REDIS_URL: 'redis://sessions.internal:6379/2',
      REDIS_KEY_PREFIX: 'bench:1:',
      SESSION_SECRET: secret,
      CACHE_DISABLED: true,
      BENCH_PAGES: true,
      PORT: 8080,
      TRUSTED_PROXY_HOPS: 1,
      METRICS_TOKEN: 'scrape-me-with-this-token',
    });
  });

  it('parses REDIS_CLUSTER_NODES into hosts and ports', () => {
    const config = parseConfig({ REDIS_CLUSTER_NODES: '127.0.0.1:7000, redis-b:7001,10.0.0.3:7002' });
    expect(config.REDIS_CLUSTER_NODES).toEqual([
      { host: '127.0.0.1', port: 7000 },
      { host: 'redis-b', port: 7001 },
      { host: '10.0.0.3', port: 7002 },
    ]);
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['DATABASE_URL', 'mysql://x'],
    ['DATABASE_URL', 'not a url'],
    ['DATABASE_POOLER', 'session'],
    ['DATABASE_DIRECT_URL', 'mysql://x'],
    ['DATABASE_POOL_SIZE', '0'],
    ['DATABASE_POOL_SIZE', '101'],
    ['REDIS_URL', 'http://127.0.0.1:6379'],
    ['SESSION_REDIS_URL', 'http://127.0.0.1:6379'],
    ['SESSION_REDIS_URL', 'sessions.internal:6379'],
    ['REDIS_CLUSTER_NODES', 'nonsense'],
    ['REDIS_CLUSTER_NODES', ','],
    ['REDIS_KEY_PREFIX', 'has space'],
    ['SESSION_SECRET', 'too-short'],
    ['SESSION_IDLE_SECONDS', '0'],
    ['SESSION_ABSOLUTE_SECONDS', '-5'],
    ['CACHE_TTL_SECONDS', '1.5'],
    ['CACHE_DISABLED', 'yes'],
    ['NODE_ENV', 'staging'],
    ['TRUSTED_PROXY_HOPS', '-1'],
    ['TRUSTED_PROXY_HOPS', 'one'],
    ['TRUSTED_PROXY_HOPS', '1.5'],
    ['METRICS_TOKEN', 'short'],
    ['OTEL_EXPORTER_OTLP_ENDPOINT', 'collector:4318'],
    ['OTEL_EXPORTER_OTLP_ENDPOINT', 'redis://collector:4318'],
    ['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', 'nonsense'],
    ['OTEL_EXPORTER_OTLP_PROTOCOL', 'http'],
    ['OTEL_EXPORTER_OTLP_TRACES_PROTOCOL', 'json'],
    ['OTEL_SDK_DISABLED', 'perhaps'],
  ])('rejects %s=%s with one line naming it', (variable, value) => {
    const message = configErrorFor({ [variable]: value });
    expect(message).toContain(variable);
    expect(message).not.toMatch(/[\r\n]/);
  });

  it('needs PostgreSQL itself beside a transaction pooler, for the migrations', () => {
    const pooler = 'postgres://postgres@pgbouncer:6432/storefront';
    const message = configErrorFor({ DATABASE_URL: pooler, DATABASE_POOLER: 'transaction' });
    expect(message).toContain('DATABASE_DIRECT_URL');
    expect(message).not.toMatch(/[\r\n]/);
    const direct = 'postgres://postgres@postgres:5432/storefront';
    const config = parseConfig({
      DATABASE_URL: pooler,
      DATABASE_POOLER: 'transaction',
      DATABASE_DIRECT_URL: direct,
      DATABASE_POOL_SIZE: '4',
    });
    expect(config).toMatchObject({ DATABASE_POOLER: 'transaction', DATABASE_POOL_SIZE: 4 });
    expect(directDatabaseUrl(config)).toBe(direct);
    // Without a pooler, migrations use DATABASE_URL as they always did.
    expect(directDatabaseUrl(parseConfig({ DATABASE_URL: pooler }))).toBe(pooler);
  });

  it('rejects a jitter as long as the TTL', () => {
    const message = configErrorFor({ CACHE_TTL_SECONDS: '60', CACHE_TTL_JITTER_SECONDS: '60' });
    expect(message).toContain('CACHE_TTL_JITTER_SECONDS');
  });

  it('requires SESSION_SECRET in production', () => {
    const message = configErrorFor({ NODE_ENV: 'production' });
    expect(message).toContain('SESSION_SECRET');
    expect(message).not.toMatch(/[\r\n]/);
    expect(parseConfig({ NODE_ENV: 'production', SESSION_SECRET: secret }).SESSION_SECRET).toBe(secret);
  });

  it('exports traces only with an OTLP endpoint, unless the SDK is disabled', () => {
    const endpoint = 'http://collector.internal:4318';
    expect(tracesExported(parseConfig({}))).toBe(false);
    expect(tracesExported(parseConfig({ OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' }))).toBe(false);
    expect(tracesExported(parseConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: endpoint }))).toBe(true);
    expect(tracesExported(parseConfig({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `${endpoint}/v1/traces` }))).toBe(
      true,
    );
    const disabled = { OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, OTEL_SDK_DISABLED: 'true' };
    expect(tracesExported(parseConfig(disabled))).toBe(false);
  });

  it('lets the production build run without SESSION_SECRET', () => {
    expect(() => parseConfig({ NODE_ENV: 'production', NEXT_PHASE: 'phase-production-build' })).not.toThrow();
  });
});
