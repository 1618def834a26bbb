import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { LONGEST_SHUTDOWN_MS } from '@/lib/lifecycle/graceful-shutdown';
import { NGINX_MAIN_TEMPLATE, NGINX_TEMPLATE } from './nginx';
import { redisConfig } from './redis';
import { INSTANCE_SETTINGS, SCALE_OUT_DEFAULTS } from './topology';

/*
 * CI has no Docker engine, so docker-compose.yml is never run here. It must still describe the topology
 * `npm run scale-out` runs and the drills prove: this test reads it and holds it to the script's settings.
 */

interface ComposeService {
  command?: string[];
  environment?: Record<string, string | number>;
  volumes?: string[];
  ports?: string[];
  deploy?: { replicas?: number };
  stop_grace_period?: string;
  healthcheck?: { test: string[] };
}

const compose = parse(readFileSync(path.join(process.cwd(), 'docker-compose.yml'), 'utf8')) as {
  services: Record<'redis' | 'app' | 'nginx', ComposeService>;
};
const { redis, app, nginx } = compose.services;

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

describe('docker-compose.yml runs what npm run scale-out runs', () => {
  it("gives Redis the scale-out Redis's persistence and eviction settings", () => {
    // Where each runs (port, bind address, data directory) differs by nature; what keeps sessions does not.
    const placement = /^(port|bind|dir) /;
    const scaleOut = configFileSettings(redisConfig(6380, '/data')).filter((line) => !placement.test(line));
    expect(scaleOut).toEqual(
      expect.arrayContaining(['appendonly yes', 'appendfsync everysec', 'maxmemory-policy noeviction']),
    );
    expect(redis.command?.[0]).toBe('redis-server');
    expect(commandLineSettings(redis.command!).sort()).toEqual(scaleOut.sort());
  });

  it('puts nginx on deploy/nginx.conf and deploy/nginx-main.conf, the files the scale-out renders, on the same port', () => {
    const mounted = (target: string) => {
      const mount = nginx.volumes?.find((volume) => volume.endsWith(`:${target}:ro`));
      return mount && path.resolve(mount.split(':')[0]!);
    };
    expect(mounted('/etc/nginx/conf.d/default.conf')).toBe(NGINX_TEMPLATE);
    // The main context (workers, connections per worker) replaces the image's, which allows a few hundred shoppers.
    expect(mounted('/etc/nginx/nginx.conf')).toBe(NGINX_MAIN_TEMPLATE);
    expect(readFileSync(NGINX_MAIN_TEMPLATE, 'utf8')).toContain('include /etc/nginx/conf.d/*.conf;');
    // The template's upstream names compose's service: Docker's DNS answers one address per replica.
    expect(readFileSync(NGINX_TEMPLATE, 'utf8')).toMatch(/^\s*server app:3000 /m);
    expect(nginx.ports).toEqual([`${SCALE_OUT_DEFAULTS.port}:80`]);
  });

  it('runs as many instances, with the proxy settings every scale-out instance gets', () => {
    expect(app.deploy?.replicas).toBe(SCALE_OUT_DEFAULTS.instances);
    expect(String(app.environment?.TRUSTED_PROXY_HOPS)).toBe(INSTANCE_SETTINGS.TRUSTED_PROXY_HOPS);
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
});
