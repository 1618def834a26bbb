import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { STATEMENT_TIMEOUT_MS } from '@/lib/db/client';
import { LONGEST_SHUTDOWN_MS } from '@/lib/lifecycle/graceful-shutdown';
import { NGINX_MAIN_TEMPLATE, NGINX_PROXY_RULES, NGINX_TEMPLATE } from './nginx';
import { PROXY_RULES_INCLUDE } from './nginx-config';
import { PrivatePgbouncer } from './pgbouncer';
import { connectionParameters, iniSection, PGBOUNCER_TEMPLATE, poolPlan } from './pgbouncer-config';
import { COMPOSE_EXPORTERS, exporterDsn, OBSERVE_DEFAULTS, REDIS_EXPORTER_FLAGS } from './prometheus';
import { readShippedConfig, redisTargetGroups, RULE_FILES_GLOB, RULES_DIR } from './prometheus-config';
import { CACHE_REDIS_MAXMEMORY, cacheRedisConfig, redisConfig } from './redis';
import { INSTANCE_SETTINGS, SCALE_OUT_DEFAULTS } from './topology';

/*
 * CI has no Docker engine, so docker-compose.yml is never run here. It must still describe the topology
 * `npm run scale-out` runs and the drills prove: this test reads it and holds it to the script's settings
 * (tooling/scale-out/redis.ts: the session Redis with AOF and noeviction, the cache Redis with a memory
 * budget and allkeys-lru).
 */

interface ComposeService {
  command?: string[];
  environment?: Record<string, string | number>;
  volumes?: string[];
  ports?: string[];
  deploy?: { replicas?: number };
  stop_grace_period?: string;
  healthcheck?: { test: string[] };
  secrets?: string[];
}

type ServiceName =
  | 'redis'
  | 'cache-redis'
  | 'app'
  | 'nginx'
  | 'pgbouncer'
  | 'prometheus'
  | 'redis-exporter'
  | 'postgres-exporter';
const compose = parse(readFileSync(path.join(process.cwd(), 'docker-compose.yml'), 'utf8')) as {
  services: Record<ServiceName, ComposeService>;
  secrets?: Record<string, { environment?: string }>;
};
const { redis, app, nginx, pgbouncer } = compose.services;
const cacheRedis = compose.services['cache-redis'];

/** `redis-server` settings as `name value` lines, from a config file or from command-line flags. */
function configFileSettings(config: string): string[] {
  return config
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
}

function commandLineSettings(command: string[]): string[] {
  const settings: string[] = [];
  for (let index = 1; index < command.length; index += 2) {
    const [flag, value] = [command[index]!, command[index + 1]];
    settings.push(`${flag.replace(/^--/, '')} ${value === '' ? '""' : value}`);
  }
  return settings;
}

// Where each Redis runs (port, bind address, data directory) differs by nature; what it keeps does not.
const placement = /^(port|bind|dir) /;
const settingsOf = (config: string) => configFileSettings(config).filter((line) => !placement.test(line));

describe('docker-compose.yml runs what npm run scale-out runs', () => {
  it("gives the session Redis the scale-out session Redis's persistence and eviction settings", () => {
    const scaleOut = settingsOf(redisConfig(6380, '/data'));
    expect(scaleOut).toEqual(
      expect.arrayContaining(['appendonly yes', 'appendfsync everysec', 'maxmemory-policy noeviction']),
    );
    expect(redis.command?.[0]).toBe('redis-server');
    expect(commandLineSettings(redis.command!).sort()).toEqual(scaleOut.sort());
  });

  it("gives the cache Redis the scale-out cache Redis's memory budget and eviction, and nothing on disk", () => {
    const scaleOut = settingsOf(cacheRedisConfig(6381, '/data'));
    expect(scaleOut).toEqual(
      expect.arrayContaining([
        `maxmemory ${CACHE_REDIS_MAXMEMORY}`,
        'maxmemory-policy allkeys-lru',
        'appendonly no',
        'save ""',
      ]),
    );
    expect(cacheRedis.command?.[0]).toBe('redis-server');
    expect(commandLineSettings(cacheRedis.command!).sort()).toEqual(scaleOut.sort());
    // Nothing to keep, so no volume and no port on the host.
    expect(cacheRedis.volumes).toBeUndefined();
    expect(cacheRedis.ports).toBeUndefined();
  });

  it('points the instances at each Redis for what it holds: the cache at cache-redis, sessions at redis', () => {
    expect(app.environment?.REDIS_URL).toBe('redis://cache-redis:6379');
    expect(app.environment?.SESSION_REDIS_URL).toBe('redis://redis:6379');
  });

  it('puts nginx on deploy/nginx*.conf, the files the scale-out renders, where each includes the next', () => {
    const mounted = (target: string) => {
      const mount = nginx.volumes?.find((volume) => volume.endsWith(`:${target}:ro`));
      return mount && path.resolve(mount.split(':')[0]!);
    };
    expect(mounted('/etc/nginx/conf.d/default.conf')).toBe(NGINX_TEMPLATE);
    // The main context (workers, connections per worker) replaces the image's, which allows a few hundred shoppers.
    expect(mounted('/etc/nginx/nginx.conf')).toBe(NGINX_MAIN_TEMPLATE);
    expect(readFileSync(NGINX_MAIN_TEMPLATE, 'utf8')).toContain('include /etc/nginx/conf.d/*.conf;');
    // The proxy rules both servers include, where deploy/nginx.conf includes them from.
    expect(mounted(PROXY_RULES_INCLUDE)).toBe(NGINX_PROXY_RULES);
    // The template's upstream names compose's service: Docker's DNS answers one address per replica.
    expect(readFileSync(NGINX_TEMPLATE, 'utf8')).toMatch(/^\s*server app:3000 /m);
  });

  it("publishes nginx's HTTPS and its redirecting HTTP, with a certificate the operator must provide", () => {
    const template = readFileSync(NGINX_TEMPLATE, 'utf8');
    const listens = [...template.matchAll(/^\s*listen (\d+)( ssl)?;/gm)].map(
      ([, port, ssl]) => `${port}${ssl ?? ''}`,
    );
    expect(listens.sort()).toEqual(['443 ssl', '80']);
    expect(nginx.ports).toEqual(['80:80', '443:443']);
    // No default: compose refuses to start without TLS_CERT_DIR, naming it.
    const certificates = nginx.volumes?.find((volume) => volume.endsWith(':/etc/nginx/tls:ro'));
    expect(certificates).toMatch(/^\$\{TLS_CERT_DIR:\?[^}]+\}:\/etc\/nginx\/tls:ro$/);
    for (const [, file] of template.matchAll(/^\s*ssl_certificate(?:_key)? (\S+);/gm)) {
      expect(file).toMatch(/^\/etc\/nginx\/tls\/(fullchain|privkey)\.pem$/);
    }
  });

  it('runs as many instances, with the proxy settings every scale-out instance gets', () => {
    expect(app.deploy?.replicas).toBe(SCALE_OUT_DEFAULTS.instances);
    expect(String(app.environment?.TRUSTED_PROXY_HOPS)).toBe(INSTANCE_SETTINGS.TRUSTED_PROXY_HOPS);
    expect(String(app.environment?.UV_THREADPOOL_SIZE)).toBe(INSTANCE_SETTINGS.UV_THREADPOOL_SIZE);
    expect(String(app.environment?.MACHINE_ID)).toBe(INSTANCE_SETTINGS.MACHINE_ID);
    expect(String(app.environment?.PORT)).toBe('3000');
  });

  it('restarts an instance on liveness only, and lets a SIGTERM drain finish', () => {
    const probe = app.healthcheck?.test.join(' ') ?? '';
    expect(probe).toContain('/api/health/live');
    // Readiness (/api/health) is 503 in a PostgreSQL or Redis outage: restarting on it restarts every replica.
    expect(probe).not.toMatch(/\/api\/health(?!\/live)/);
    const grace = /^(\d+)s$/.exec(app.stop_grace_period ?? '');
    expect(grace).not.toBeNull();
    expect(Number(grace![1]) * 1000).toBeGreaterThan(LONGEST_SHUTDOWN_MS);
  });

  it("puts PgBouncer between the replicas and PostgreSQL, on deploy/pgbouncer.ini with the scale-out's pool sizes", () => {
    // compose mounts the file the scale-out renders, where its command reads it.
    const mount = pgbouncer.volumes?.find((volume) => volume.endsWith(':ro'));
    const [source, target] = mount?.split(':') ?? [];
    expect(path.resolve(source!)).toBe(PGBOUNCER_TEMPLATE);
    expect(pgbouncer.command).toEqual(['pgbouncer', target]);
    const ini = readFileSync(PGBOUNCER_TEMPLATE, 'utf8');
    const settings = Object.fromEntries(iniSection(ini, 'pgbouncer'));
    const plan = poolPlan(SCALE_OUT_DEFAULTS.instances);
    expect(settings).toMatchObject({
      pool_mode: 'transaction',
      max_client_conn: String(plan.maxClientConn),
      default_pool_size: String(plan.defaultPoolSize),
      reserve_pool_size: String(plan.reservePoolSize),
      max_db_connections: String(plan.maxDbConnections),
    });
    // Its server is compose's PostgreSQL, with the statement timeout the instances' own pools set.
    const server = connectionParameters(iniSection(ini, 'databases').get('*') ?? '');
    expect([server.get('host'), server.get('port')]).toEqual(['postgres', '5432']);
    expect(server.get('connect_query')).toBe(`SET statement_timeout = ${STATEMENT_TIMEOUT_MS}`);

    // The replicas get what the scale-out's instances get, with compose's host names.
    const direct = 'postgres://postgres@postgres:5432/storefront';
    const scaleOut = new PrivatePgbouncer({
      dir: '/nonexistent',
      port: Number(settings.listen_port),
      databaseUrl: direct,
      instances: SCALE_OUT_DEFAULTS.instances,
    }).instanceEnv();
    const environment = Object.fromEntries(
      Object.entries(app.environment ?? {}).map(([name, value]) => [name, String(value)]),
    );
    expect(environment).toMatchObject({
      ...scaleOut,
      DATABASE_URL: scaleOut.DATABASE_URL!.replace('127.0.0.1', 'pgbouncer'),
    });
  });
});

describe('docker-compose.yml observes what npm run scale-out -- --observe observes', () => {
  const prometheus = compose.services.prometheus;
  const config = readShippedConfig();
  const job = (name: string) => config.scrape_configs.find((scrape) => scrape.job_name === name)!;

  it('runs Prometheus on deploy/prometheus/ as is (the file the scale-out renders), with its rules, on 9090', () => {
    expect(prometheus.volumes).toContain('./deploy/prometheus:/etc/prometheus:ro');
    expect(prometheus.command).toContain('--config.file=/etc/prometheus/prometheus.yml');
    expect(config.rule_files).toEqual([RULE_FILES_GLOB]);
    expect(readdirSync(RULES_DIR).filter((name) => name.endsWith('.rules.yml')).length).toBeGreaterThan(0);
    expect(prometheus.ports).toEqual([`127.0.0.1:${OBSERVE_DEFAULTS.prometheusPort}:9090`]);
  });

  it("scrapes every app replica's /api/metrics with METRICS_TOKEN, the replicas' own token", () => {
    const storefront = job('storefront');
    expect(storefront.metrics_path).toBe('/api/metrics');
    expect(storefront.dns_sd_configs).toEqual([
      { names: ['app'], type: 'A', port: Number(app.environment?.PORT) },
    ]);
    const secret = storefront.authorization?.credentials_file?.replace(/^\/run\/secrets\//, '');
    expect(prometheus.secrets).toContain(secret);
    expect(compose.secrets?.[secret!]).toEqual({ environment: 'METRICS_TOKEN' });
    expect(String(app.environment?.METRICS_TOKEN)).toMatch(/^\$\{METRICS_TOKEN:\?[^}]+\}$/);
  });

  it('reads both Redis, told apart by role as the scale-out labels them, through redis-exporter with its flags', () => {
    const redisJob = job('redis');
    expect(redisJob.static_configs).toEqual(
      redisTargetGroups(app.environment!.SESSION_REDIS_URL as string, [app.environment!.REDIS_URL as string]),
    );
    const [host, port] = COMPOSE_EXPORTERS.redis.split(':');
    expect(redisJob.relabel_configs?.at(-1)).toEqual({
      target_label: '__address__',
      replacement: COMPOSE_EXPORTERS.redis,
    });
    expect(compose.services[host as ServiceName]?.command).toEqual(REDIS_EXPORTER_FLAGS);
    expect(Number(port)).toBe(OBSERVE_DEFAULTS.redisExporterPort); // redis_exporter's own default
  });

  it("reads the replicas' PostgreSQL through postgres-exporter, as the scale-out's exporter reads it", () => {
    expect(job('postgres').static_configs).toEqual([{ targets: [COMPOSE_EXPORTERS.postgres] }]);
    const [host, port] = COMPOSE_EXPORTERS.postgres.split(':');
    const exporter = compose.services[host as ServiceName];
    // PostgreSQL itself (the replicas' DATABASE_DIRECT_URL), never PgBouncer in front of it.
    expect(exporter?.environment?.DATA_SOURCE_NAME).toBe(
      exporterDsn(app.environment!.DATABASE_DIRECT_URL as string),
    );
    expect(Number(port)).toBe(OBSERVE_DEFAULTS.postgresExporterPort);
  });
});
