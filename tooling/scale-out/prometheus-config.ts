import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse, stringify } from 'yaml';

/*
 * deploy/prometheus/prometheus.yml is docker-compose's Prometheus configuration, as is. The scale-out runs
 * the same configuration on one machine, with only what is the machine's own replaced (as nginx-config.ts
 * does for nginx):
 * - each job's service discovery (compose's DNS names and static targets) by a targets file the scale-out
 *   writes (`file_sd_configs`): Prometheus re-reads it when it changes, so instances are found without
 *   editing anything;
 * - the exporters' compose addresses (`redis-exporter:9121`, …) in the relabelling by local ones;
 * - the bearer token's file by the scale-out's (or no authorization at all without METRICS_TOKEN: the
 *   instances then answer their own machine only, which Prometheus is);
 * - the rule files' paths by absolute ones (the drill's: a copy with shortened `for:`);
 * - optionally the scrape and evaluation intervals (the drill's 1 s).
 * Every other line (metrics paths, relabelling, labels, intervals unless given) is kept.
 */

export const PROMETHEUS_DIR = path.join(process.cwd(), 'deploy', 'prometheus');
export const PROMETHEUS_CONFIG = path.join(PROMETHEUS_DIR, 'prometheus.yml');
export const RULES_DIR = path.join(PROMETHEUS_DIR, 'rules');
/** The rule files, as the shipped configuration names them (relative to it). */
export const RULE_FILES_GLOB = 'rules/*.rules.yml';

/** A group of targets in a `file_sd_configs` file. */
export interface TargetGroup {
  targets: string[];
  labels?: Record<string, string>;
}

export interface ScrapeConfig {
  job_name: string;
  metrics_path?: string;
  authorization?: { type?: string; credentials_file?: string };
  static_configs?: TargetGroup[];
  dns_sd_configs?: Array<{ names: string[]; type?: string; port?: number }>;
  file_sd_configs?: Array<{ files: string[] }>;
  relabel_configs?: Array<Record<string, unknown>>;
}

export interface PrometheusConfig {
  global?: { scrape_interval?: string; evaluation_interval?: string };
  rule_files?: string[];
  scrape_configs: ScrapeConfig[];
}

export interface RenderOptions {
  /** Each job's targets file. */
  targetsFile: (job: string) => string;
  /** Compose address → local address, for the exporters the relabelling sends scrapes to. */
  addresses: Record<string, string>;
  /** The file holding METRICS_TOKEN; none: the scrapes go without authorization. */
  tokenFile?: string;
  ruleFiles: string[];
  scrapeInterval?: string;
  evaluationInterval?: string;
}

export function readShippedConfig(file = PROMETHEUS_CONFIG): PrometheusConfig {
  return parse(readFileSync(file, 'utf8')) as PrometheusConfig;
}

/** The shipped configuration, made this machine's (see above). */
export function renderPrometheusConfig(shipped: PrometheusConfig, options: RenderOptions): PrometheusConfig {
  const config = structuredClone(shipped);
  config.global = {
    ...config.global,
    ...(options.scrapeInterval && { scrape_interval: options.scrapeInterval }),
    ...(options.evaluationInterval && { evaluation_interval: options.evaluationInterval }),
  };
  config.rule_files = options.ruleFiles;
  config.scrape_configs = config.scrape_configs.map((job) => {
    const rendered: ScrapeConfig = {
      ...job,
      file_sd_configs: [{ files: [options.targetsFile(job.job_name)] }],
    };
    delete rendered.static_configs;
    delete rendered.dns_sd_configs;
    if (rendered.authorization?.credentials_file) {
      if (options.tokenFile) {
        rendered.authorization = { ...rendered.authorization, credentials_file: options.tokenFile };
      } else delete rendered.authorization;
    }
    rendered.relabel_configs = rendered.relabel_configs?.map((rule) => {
      const replacement = rule.replacement;
      if (typeof replacement !== 'string' || !(replacement in options.addresses)) return rule;
      return { ...rule, replacement: options.addresses[replacement] };
    });
    if (!rendered.relabel_configs) delete rendered.relabel_configs;
    return rendered;
  });
  return config;
}

/** The rendered configuration as Prometheus reads it, with a header saying where it comes from. */
export function configText(config: PrometheusConfig): string {
  return `# Written by \`npm run scale-out -- --observe\` from deploy/prometheus/prometheus.yml: edit that.\n${stringify(config)}`;
}

/** Writes a job's targets file (JSON, which file_sd reads as well as YAML). */
export function writeTargets(file: string, groups: TargetGroup[]): void {
  writeFileSync(file, `${JSON.stringify(groups, null, 2)}\n`);
}

/**
 * The redis job's targets: the sessions Redis and the cache's server (or each Cluster node), told apart by
 * `role` as the shipped configuration labels compose's two Redis.
 */
export function redisTargetGroups(sessionsUrl: string, cacheUrls: readonly string[]): TargetGroup[] {
  return [
    { targets: [sessionsUrl], labels: { role: 'sessions' } },
    { targets: [...cacheUrls], labels: { role: 'cache' } },
  ];
}

/**
 * A copy of the rules in `dir` with every `for:` cut to `forDuration`, for the alert drill: the same
 * expressions, firing within seconds instead of minutes. Returns the copy's files.
 */
export function writeShortenedRules(dir: string, forDuration = '1s'): string[] {
  return readdirSync(RULES_DIR)
    .filter((name) => name.endsWith('.rules.yml'))
    .map((name) => {
      const rules = parse(readFileSync(path.join(RULES_DIR, name), 'utf8')) as {
        groups: Array<{ rules: Array<{ for?: string }> }>;
      };
      for (const group of rules.groups) {
        for (const rule of group.rules) if (rule.for) rule.for = forDuration;
      }
      const file = path.join(dir, name);
      writeFileSync(file, stringify(rules));
      return file;
    });
}
