import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { getConfig } from '@/lib/config';
import { freePort, isPortFree, redisServerPort } from './ports';
import { serverPid } from './redis-server';
import {
  ensureServices,
  serviceTargets,
  startedLine,
  whyNotStarted,
  type ServiceTarget,
  type Started,
} from './services';

// The machine's own PostgreSQL and Redis are only ever asked whether they answer: nothing here starts or
// stops them. The one server started is a private redis-server on a port of this worker's, stopped after.

/** `npm run demo` as package.json runs it, with DATABASE_URL and REDIS_URL as given. */
function demo(overrides: Record<string, string>) {
  const env = { ...process.env, ...overrides };
  delete env.SESSION_REDIS_URL;
  delete env.REDIS_CLUSTER_NODES;
  return spawnSync('node', ['--import', 'tsx', 'scripts/demo.ts'], {
    env,
    encoding: 'utf8',
    timeout: 60_000,
  });
}

describe('npm run demo with PostgreSQL and Redis not answering', () => {
  it('stops before migrating and building, naming each service, its address and variable, and the ways out', async () => {
    const [postgresPort, redisPort] = [await freePort(), await freePort()];
    const run = demo({
      DATABASE_URL: `postgres://postgres@127.0.0.1:${postgresPort}/storefront`,
      REDIS_URL: `redis://127.0.0.1:${redisPort}`,
    });
    const output = run.stdout + run.stderr;

    expect(run.status, output).not.toBe(0);
    expect(run.status).not.toBeNull();
    expect(run.stderr).toContain(
      `✗ PostgreSQL is not answering at 127.0.0.1:${postgresPort} (DATABASE_URL); not started: ` +
        `127.0.0.1:${postgresPort} is not its local default address, 127.0.0.1:5432`,
    );
    expect(run.stderr).toContain(
      `✗ Redis is not answering at 127.0.0.1:${redisPort} (REDIS_URL); not started: ` +
        `127.0.0.1:${redisPort} is not its local default address, 127.0.0.1:6379`,
    );
    expect(run.stderr).toContain(
      `    start it here:   redis-server --port ${redisPort} --save '' --daemonize yes`,
    );
    expect(run.stderr.match(/^ {4}start it here: {3}\S/gm)).toHaveLength(2);
    expect(run.stderr).toContain('  or with Docker:    docker compose up -d postgres redis');
    expect(run.stderr).toContain('Stopped before migrating: nothing was migrated, seeded or built.');
    expect(output).not.toContain('▸ Migrating');
    // The demo names each step before it runs it. (Not `.next`'s build id: `npm test` builds beside
    // this test.)
    expect(output).not.toContain('▸ Building');
  }, 90_000);
});

describe('npm start with PostgreSQL not answering', () => {
  it('stops in its prestart step with the same lines, starting nothing', async () => {
    const [postgresPort, port] = [await freePort(), await freePort()];
    const env = {
      ...process.env,
      NODE_ENV: 'production' as const,
      PORT: String(port),
      DATABASE_URL: `postgres://postgres@127.0.0.1:${postgresPort}/storefront`,
    };
    const run = spawnSync('npm', ['start', '--silent'], { env, encoding: 'utf8', timeout: 60_000 });
    expect(run.status, run.stdout + run.stderr).toBe(1);
    expect(run.stderr.split('\n')).toEqual([
      `✗ PostgreSQL is not answering at 127.0.0.1:${postgresPort} (DATABASE_URL)`,
      expect.stringMatching(/^ {4}start it here: {3}\S/),
      expect.stringMatching(/^ {2}or with Docker: {4}docker compose up -d postgres redis /),
      'npm start stopped before starting the server.',
      '',
    ]);
  }, 90_000);
});

describe('ensureServices: starting a local Redis that is not answering', () => {
  const servers: Started[] = [];

  afterEach(async () => {
    for (const server of servers.splice(0)) {
      const { port } = server.target.nodes[0]!.address;
      // Only the server this test started: the one whose process id it was given.
      if (server.pid !== undefined && (await serverPid(port)) === server.pid)
        process.kill(server.pid, 'SIGKILL');
      while (!(await isPortFree(port))) await new Promise((resolve) => setTimeout(resolve, 50));
      rmSync(path.join(tmpdir(), `storefront-redis-${port}`), { recursive: true, force: true });
    }
  });

  it('starts a private redis-server on a port the caller counts as startable, and the check then passes', async () => {
    const port = await redisServerPort();
    const [redis] = serviceTargets({
      ...getConfig(),
      REDIS_URL: `redis://127.0.0.1:${port}`,
      REDIS_CLUSTER_NODES: undefined,
      SESSION_REDIS_URL: undefined,
    }).filter((target) => target.service === 'Redis');

    // As the demo sees it: not the local default address, so not started.
    const refused = await ensureServices([redis!], { start: true });
    expect(refused.started).toEqual([]);
    expect(refused.missing.map((missing) => missing.reason)).toEqual([
      `127.0.0.1:${port} is not its local default address, 127.0.0.1:6379`,
    ]);

    const { started, missing } = await ensureServices([redis!], {
      start: true,
      startable: [{ service: 'Redis', port }],
    });
    servers.push(...started);
    expect(missing).toEqual([]);
    expect(started).toHaveLength(1);
    expect(await serverPid(port)).toBe(started[0]!.pid);
    expect(startedLine(started[0]!)).toMatch(
      new RegExp(
        `^Redis was not answering at 127\\.0\\.0\\.1:${port} \\(REDIS_URL\\): started it here \\(redis-server, log .+\\)$`,
      ),
    );

    const after = await ensureServices([redis!], { start: false });
    expect(after).toEqual({ started: [], missing: [] });
  });

  it('finds the configured services answering (and starts nothing)', async () => {
    const { started, missing } = await ensureServices(serviceTargets(getConfig()), { start: true });
    expect({ started, missing }).toEqual({ started: [], missing: [] });
  });
});

describe('which addresses may be started', () => {
  const redisAt = (host: string, port: number): ServiceTarget =>
    serviceTargets({
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/storefront',
      REDIS_URL: `redis://${host.includes(':') ? `[${host}]` : host}:${port}`,
    })[1]!;

  it('the local default addresses, and no other unless listed', () => {
    for (const host of ['127.0.0.1', 'localhost', '::1'])
      expect(whyNotStarted(redisAt(host, 6379))).toBeUndefined();
    const postgresTarget = serviceTargets({
      DATABASE_URL: 'postgres://postgres@localhost/storefront',
      REDIS_URL: 'redis://127.0.0.1:6379',
    })[0]!;
    expect(whyNotStarted(postgresTarget)).toBeUndefined();
    expect(whyNotStarted(redisAt('127.0.0.1', 6380))).toBe(
      '127.0.0.1:6380 is not its local default address, 127.0.0.1:6379',
    );
    expect(whyNotStarted(redisAt('127.0.0.1', 6380), [{ service: 'Redis', port: 6380 }])).toBeUndefined();
  });

  it('never an address of another machine, whatever the caller lists', () => {
    const startable = [{ service: 'Redis', port: 6379 }] as const;
    expect(whyNotStarted(redisAt('10.0.0.5', 6379), startable)).toBe('10.0.0.5 is not this machine');
    expect(whyNotStarted(redisAt('redis', 6379), startable)).toBe('redis is not this machine');
    const cluster = serviceTargets({
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/storefront',
      REDIS_URL: 'redis://127.0.0.1:6379',
      REDIS_CLUSTER_NODES: [{ host: '127.0.0.1', port: 6379 }],
    })[1]!;
    expect(whyNotStarted(cluster, startable)).toBe('a Cluster is not started here');
  });

  it('names one server once, with every variable that names it', () => {
    const targets = serviceTargets({
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/storefront',
      REDIS_URL: 'redis://127.0.0.1:6379',
      SESSION_REDIS_URL: 'redis://127.0.0.1:6379/1',
    });
    expect(targets.map((target) => [target.service, target.variables])).toEqual([
      ['PostgreSQL', ['DATABASE_URL']],
      ['Redis', ['REDIS_URL', 'SESSION_REDIS_URL']],
    ]);
  });
});
