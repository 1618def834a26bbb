import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ensureDebianBinary } from '../apt';
import { answers200, GaveUp, OwnedProcess, waitFor } from './child';
import {
  configText,
  PROMETHEUS_CONFIG,
  readShippedConfig,
  redisTargetGroups,
  renderPrometheusConfig,
  RULE_FILES_GLOB,
  RULES_DIR,
  writeTargets,
  type TargetGroup,
} from './prometheus-config';

/*
 * `npm run scale-out -- --observe`, the Prometheus part: Debian's prometheus on deploy/prometheus/ (its
 * configuration rendered for this machine by ./prometheus-config.ts, its rules as they are), one
 * prometheus-redis-exporter for both Redis (each scrape names the Redis it reads) and one
 * prometheus-postgres-exporter. Each a private process of ours, under `<dir>/prometheus/`, on loopback.
 */

/** Debian's binaries and the package that has each. */
const TOOLS = {
  prometheus: { binary: '/usr/bin/prometheus', pkg: 'prometheus' },
  promtool: { binary: '/usr/bin/promtool', pkg: 'prometheus' },
  redisExporter: { binary: '/usr/bin/prometheus-redis-exporter', pkg: 'prometheus-redis-exporter' },
  postgresExporter: { binary: '/usr/bin/prometheus-postgres-exporter', pkg: 'prometheus-postgres-exporter' },
} as const;
type Tool = keyof typeof TOOLS;

/** The contract's Prometheus port, and the exporters' usual ones (each a flag of the scale-out). */
export const OBSERVE_DEFAULTS = { prometheusPort: 9090, redisExporterPort: 9121, postgresExporterPort: 9187 };

/** The exporters' addresses in deploy/prometheus/prometheus.yml: docker-compose.yml's services. */
export const COMPOSE_EXPORTERS = { redis: 'redis-exporter:9121', postgres: 'postgres-exporter:9187' };

/**
 * redis_exporter's flags, here and in docker-compose.yml: no Redis of its own to read at /metrics (each
 * scrape names one at /scrape), and the machine's memory, the sessions Redis's limit when it has no
 * maxmemory (the SessionRedisMemoryHigh alert).
 */
export const REDIS_EXPORTER_FLAGS = ['-include-system-metrics', '-redis.addr='];

/** The path of a tool, installing its Debian package (as root) when missing. */
export function ensureTool(tool: Tool, log: (line: string) => void = console.log): Promise<string> {
  const { binary, pkg } = TOOLS[tool];
  return ensureDebianBinary(pkg, [binary], log);
}

export interface PrometheusOptions {
  /** Its configuration, targets, token file, data and logs go under `<dir>/prometheus/`. */
  dir: string;
  prometheusPort: number;
  redisExporterPort: number;
  postgresExporterPort: number;
  /** The instances' `host:port`s. */
  instances: string[];
  sessionRedisUrl: string;
  /** The cache Redis's URL, or each Cluster node's. */
  cacheRedisUrls: string[];
  /** PostgreSQL itself (not a pooler in front): what the exporter reads. */
  databaseUrl: string;
  /** METRICS_TOKEN, when the instances want one. */
  metricsToken?: string;
  /** Rule files to load instead of deploy/prometheus/rules/ (the drill's shortened copy). */
  ruleFiles?: string[];
  scrapeInterval?: string;
  evaluationInterval?: string;
  log?: (line: string) => void;
}

export interface RunningPrometheus {
  /** Prometheus's own address: its API and UI. */
  url: string;
  configFile: string;
  /** Writes the instances' targets again (Prometheus follows within seconds). */
  setInstances(instances: string[]): void;
  stop(): Promise<void>;
}

/** Starts both exporters and Prometheus; on a failure stops what it started and rethrows. */
export async function startPrometheus(options: PrometheusOptions): Promise<RunningPrometheus> {
  const log = options.log ?? (() => {});
  const home = path.join(options.dir, 'prometheus');
  const targetsDir = path.join(home, 'targets');
  mkdirSync(targetsDir, { recursive: true });
  const targetsFile = (job: string) => path.join(targetsDir, `${job}.json`);
  const processes: OwnedProcess[] = [];
  const stop = async () => {
    for (const child of processes.reverse()) await child.stop('SIGTERM', 5_000);
    processes.length = 0;
  };
  try {
    const binaries = {
      prometheus: await ensureTool('prometheus', log),
      redisExporter: await ensureTool('redisExporter', log),
      postgresExporter: await ensureTool('postgresExporter', log),
    };
    const local = (port: number) => `127.0.0.1:${port}`;
    const shipped = readShippedConfig();
    let tokenFile: string | undefined;
    if (options.metricsToken) {
      tokenFile = path.join(home, 'metrics-token');
      writeFileSync(tokenFile, options.metricsToken, { mode: 0o600 });
    }
    const config = renderPrometheusConfig(shipped, {
      targetsFile,
      addresses: {
        [COMPOSE_EXPORTERS.redis]: local(options.redisExporterPort),
        [COMPOSE_EXPORTERS.postgres]: local(options.postgresExporterPort),
      },
      tokenFile,
      ruleFiles: options.ruleFiles ?? [path.join(path.dirname(PROMETHEUS_CONFIG), RULE_FILES_GLOB)],
      scrapeInterval: options.scrapeInterval,
      evaluationInterval: options.evaluationInterval,
    });
    const targets: Record<string, TargetGroup[]> = {
      storefront: [{ targets: options.instances }],
      redis: redisTargetGroups(options.sessionRedisUrl, options.cacheRedisUrls),
      postgres: [{ targets: [local(options.postgresExporterPort)] }],
      prometheus: [{ targets: [local(options.prometheusPort)] }],
    };
    for (const job of config.scrape_configs.map((scrape) => scrape.job_name)) {
      const groups = targets[job];
      if (!groups)
        throw new Error(
          `deploy/prometheus/prometheus.yml has a job "${job}" the scale-out has no targets for`,
        );
      writeTargets(targetsFile(job), groups);
    }
    const configFile = path.join(home, 'prometheus.yml');
    writeFileSync(configFile, configText(config));

    const redisExporter = new OwnedProcess(
      'redis exporter',
      binaries.redisExporter,
      [...REDIS_EXPORTER_FLAGS, '-web.listen-address', local(options.redisExporterPort)],
      path.join(home, 'redis-exporter.log'),
    );
    processes.push(redisExporter);
    const postgresExporter = new OwnedProcess(
      'postgres exporter',
      binaries.postgresExporter,
      [`--web.listen-address=${local(options.postgresExporterPort)}`],
      path.join(home, 'postgres-exporter.log'),
      { env: { ...process.env, DATA_SOURCE_NAME: exporterDsn(options.databaseUrl) } },
    );
    processes.push(postgresExporter);
    const prometheus = new OwnedProcess(
      'prometheus',
      binaries.prometheus,
      [
        `--config.file=${configFile}`,
        `--storage.tsdb.path=${path.join(home, 'data')}`,
        `--web.listen-address=${local(options.prometheusPort)}`,
      ],
      path.join(home, 'prometheus.log'),
    );
    processes.push(prometheus);
    const url = `http://${local(options.prometheusPort)}`;
    for (const [child, health] of [
      [redisExporter, `http://${local(options.redisExporterPort)}/metrics`],
      [postgresExporter, `http://${local(options.postgresExporterPort)}/metrics`],
      [prometheus, `${url}/-/ready`],
    ] as const) {
      await waitFor(`${child.name} (${health})`, 30_000, async () => {
        if (!child.running) throw new GaveUp(`${child.name} exited; see ${child.logFile}`);
        return answers200(health);
      });
    }
    log(
      `Prometheus: ${url} (config ${configFile}, rules ${options.ruleFiles ? 'a copy' : RULES_DIR}), redis exporter :${options.redisExporterPort}, postgres exporter :${options.postgresExporterPort}`,
    );
    return {
      url,
      configFile,
      setInstances: (instances) => writeTargets(targetsFile('storefront'), [{ targets: instances }]),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** postgres_exporter's data source: the database URL, without TLS unless it asks for it (lib/pq's default is to require it). */
export function exporterDsn(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  if (!url.searchParams.has('sslmode')) url.searchParams.set('sslmode', 'disable');
  return url.toString();
}
