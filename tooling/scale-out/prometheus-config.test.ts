import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  configText,
  readShippedConfig,
  redisTargetGroups,
  renderPrometheusConfig,
  RULES_DIR,
  writeShortenedRules,
  writeTargets,
  type PrometheusConfig,
} from './prometheus-config';
import { ensureTool, exporterDsn } from './prometheus';

// The scale-out's Prometheus configuration is compose's with only the machine's own parts replaced, and
// Debian's promtool accepts it.

const run = promisify(execFile);
const dir = mkdtempSync(path.join(tmpdir(), 'storefront-prometheus-config-'));
const shipped = readShippedConfig();
const targetsFile = (job: string) => path.join(dir, `${job}.json`);
const addresses = { 'redis-exporter:9121': '127.0.0.1:19121', 'postgres-exporter:9187': '127.0.0.1:19187' };
const render = (tokenFile?: string): PrometheusConfig =>
  renderPrometheusConfig(shipped, {
    targetsFile,
    addresses,
    tokenFile,
    ruleFiles: [path.join(RULES_DIR, '*.rules.yml')],
    scrapeInterval: '1s',
  });

let promtool: string;
beforeAll(async () => {
  promtool = await ensureTool('promtool');
}, 600_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the scale-out’s Prometheus configuration', () => {
  it('keeps every job of deploy/prometheus/prometheus.yml, finding its targets in a file instead', () => {
    const rendered = render(path.join(dir, 'token'));
    expect(rendered.scrape_configs.map((job) => job.job_name)).toEqual(
      shipped.scrape_configs.map((job) => job.job_name),
    );
    for (const [index, job] of rendered.scrape_configs.entries()) {
      const original = shipped.scrape_configs[index]!;
      expect(job.file_sd_configs).toEqual([{ files: [targetsFile(job.job_name)] }]);
      expect(job.static_configs).toBeUndefined();
      expect(job.dns_sd_configs).toBeUndefined();
      expect(job.metrics_path).toBe(original.metrics_path);
    }
    // The redis job's relabelling sends every scrape to the local exporter, and is otherwise the same.
    const redis = (config: PrometheusConfig) =>
      config.scrape_configs.find((job) => job.job_name === 'redis')!;
    expect(redis(rendered).relabel_configs).toEqual(
      redis(shipped).relabel_configs!.map((rule) =>
        rule.replacement === 'redis-exporter:9121' ? { ...rule, replacement: '127.0.0.1:19121' } : rule,
      ),
    );
    expect(rendered.global).toEqual({ ...shipped.global, scrape_interval: '1s' });
  });

  it('sends METRICS_TOKEN from its own file, and no authorization without one', () => {
    const storefront = (config: PrometheusConfig) =>
      config.scrape_configs.find((job) => job.job_name === 'storefront')!;
    expect(storefront(shipped).authorization).toEqual({
      type: 'Bearer',
      credentials_file: '/run/secrets/metrics_token',
    });
    expect(storefront(render(path.join(dir, 'token'))).authorization).toEqual({
      type: 'Bearer',
      credentials_file: path.join(dir, 'token'),
    });
    expect(storefront(render()).authorization).toBeUndefined();
  });

  it('is accepted by promtool check config, rules included', async () => {
    writeFileSync(path.join(dir, 'token'), 'a-token');
    writeTargets(targetsFile('storefront'), [{ targets: ['127.0.0.1:3001', '127.0.0.1:3002'] }]);
    writeTargets(
      targetsFile('redis'),
      redisTargetGroups('redis://127.0.0.1:6380', ['redis://127.0.0.1:6381']),
    );
    writeTargets(targetsFile('postgres'), [{ targets: ['127.0.0.1:19187'] }]);
    writeTargets(targetsFile('prometheus'), [{ targets: ['127.0.0.1:9090'] }]);
    const file = path.join(dir, 'prometheus.yml');
    writeFileSync(file, configText(render(path.join(dir, 'token'))));
    const { stdout } = await run(promtool, ['check', 'config', file]);
    expect(stdout).toMatch(/SUCCESS: .*prometheus\.yml is valid prometheus config file syntax/);
    expect(stdout.match(/SUCCESS: \d+ rules found/g)?.length).toBeGreaterThanOrEqual(3);
  });

  it('gives the drill a copy of the rules with the same expressions and every `for:` cut to 1 s', async () => {
    const copyDir = mkdtempSync(path.join(dir, 'rules-'));
    const copies = writeShortenedRules(copyDir);
    expect(copies.length).toBeGreaterThanOrEqual(3);
    type Rules = { groups: Array<{ rules: Array<{ expr: string; for?: string }> }> };
    for (const copy of copies) {
      const original = parse(readFileSync(path.join(RULES_DIR, path.basename(copy)), 'utf8')) as Rules;
      const shortened = parse(readFileSync(copy, 'utf8')) as Rules;
      const flat = (rules: Rules) => rules.groups.flatMap((group) => group.rules);
      expect(flat(shortened).map((rule) => rule.expr)).toEqual(flat(original).map((rule) => rule.expr));
      expect(flat(shortened).map((rule) => rule.for)).toEqual(
        flat(original).map((rule) => (rule.for ? '1s' : undefined)),
      );
    }
    await run(promtool, ['check', 'rules', ...copies]);
  });

  it('gives postgres_exporter the database URL without TLS unless it asks for it', () => {
    expect(exporterDsn('postgres://postgres@127.0.0.1:5432/storefront')).toBe(
      'postgres://postgres@127.0.0.1:5432/storefront?sslmode=disable',
    );
    expect(exporterDsn('postgres://u:p@db:5432/shop?sslmode=require')).toBe(
      'postgres://u:p@db:5432/shop?sslmode=require',
    );
  });
});
