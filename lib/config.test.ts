import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from './config';

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
      PORT: 3000,
      TRUSTED_PROXY_HOPS: 0,
      METRICS_TOKEN: undefined,
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
  ])('rejects %s=%s with one line naming it', (variable, value) => {
    const message = configErrorFor({ [variable]: value });
    expect(message).toContain(variable);
    expect(message).not.toMatch(/[\r\n]/);
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

  it('lets the production build run without SESSION_SECRET', () => {
    expect(() => parseConfig({ NODE_ENV: 'production', NEXT_PHASE: 'phase-production-build' })).not.toThrow();
  });
});
