import { fork } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomSecret } from '../../tooling/run-env';
import type { ScenarioCounts, ScenarioPlan } from '../hit-rate/worker';
import { byMode, type BenchContext, type BenchPart, type Table } from '../part';
import { round } from '../stats';

/*
 * The catalog cache's hit rate under a realistic access pattern: product views drawn Zipf(1.0) over the
 * whole catalog, through the storefront's own read (getProductDetail) and, in the second scenario, the
 * admin's own write path. Each scenario runs in a process of its own (../hit-rate/worker.ts), configured by
 * environment as an instance is, on a fresh key prefix: the cache starts cold, as after a deploy.
 */

const WORKER = path.join(path.dirname(fileURLToPath(import.meta.url)), '../hit-rate/worker.ts');

interface Scenario {
  label: string;
  figure: string;
  ttlSeconds?: number;
  jitterSeconds?: number;
  plan: ScenarioPlan;
}

function scenarios(context: BenchContext): Scenario[] {
  const views = byMode(context.mode, { full: 100_000, quick: 20_000, smoke: 1_000 });
  // Short enough that entries expire many times within the run, paced so the run outlasts them.
  const short = byMode(context.mode, {
    full: { ttlSeconds: 10, jitterSeconds: 2, seconds: 100, editEverySeconds: 5 },
    quick: { ttlSeconds: 5, jitterSeconds: 1, seconds: 30, editEverySeconds: 3 },
    smoke: { ttlSeconds: 2, jitterSeconds: 1, seconds: 6, editEverySeconds: 2 },
  });
  return [
    {
      label: 'default TTLs (3600 ± 300 s), no edits, as fast as 16 callers go',
      figure: 'default_ttl',
      plan: { views, seconds: 0, concurrency: 16, editEverySeconds: 0, seed: 1 },
    },
    {
      label:
        `TTL ${short.ttlSeconds} ± ${short.jitterSeconds} s over ${short.seconds} s, ` +
        `an admin edit every ${short.editEverySeconds} s`,
      figure: 'short_ttl',
      ttlSeconds: short.ttlSeconds,
      jitterSeconds: short.jitterSeconds,
      plan: {
        views,
        seconds: short.seconds,
        concurrency: 16,
        editEverySeconds: short.editEverySeconds,
        seed: 1,
      },
    },
  ];
}

/** Runs one scenario in its own process; resolves with its counts. */
function runScenario(context: BenchContext, scenario: Scenario): Promise<ScenarioCounts> {
  const child = fork(WORKER, [JSON.stringify(scenario.plan)], {
    execArgv: ['--conditions=react-server', '--import', 'tsx'],
    env: {
      ...process.env,
      NODE_ENV: 'production',
      DATABASE_URL: context.databaseUrl,
      REDIS_URL: context.redisUrl,
      REDIS_CLUSTER_NODES: '',
      SESSION_REDIS_URL: '',
      REDIS_KEY_PREFIX: context.keyPrefix(`hit-rate-${scenario.figure}`),
      SESSION_SECRET: randomSecret(),
      CACHE_DISABLED: '',
      // Empty means unset: the storefront's defaults.
      CACHE_TTL_SECONDS: scenario.ttlSeconds === undefined ? '' : String(scenario.ttlSeconds),
      CACHE_TTL_JITTER_SECONDS: scenario.jitterSeconds === undefined ? '' : String(scenario.jitterSeconds),
    },
    stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
  });
  context.defer('stop the hit-rate worker', async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  let errors = '';
  child.stderr?.on('data', (chunk) => (errors += chunk));
  const progress = context.progress(`hit rate, ${scenario.figure.replace('_', ' ')}`, scenario.plan.views);
  let counts: ScenarioCounts | undefined;
  child.on('message', (message: { progress?: number; counts?: ScenarioCounts }) => {
    if (message.progress) progress.update(message.progress);
    if (message.counts) counts = message.counts;
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => {
      progress.stop();
      if (counts && code === 0) resolve(counts);
      else reject(new Error(`hit-rate worker exited with ${code}\n${errors}`));
    });
  });
}

const percent = (part: number, whole: number) => `${((100 * part) / whole).toFixed(1)} %`;

export const hitRatePart: BenchPart = {
  id: 'hit-rate',
  title: 'Hit rate under a real access pattern (Zipf 1.0 product views, default and short TTLs)',
  async run(context) {
    const rows: Table['rows'] = [];
    const figures: Record<string, number> = {};
    for (const scenario of scenarios(context)) {
      const counts = await runScenario(context, scenario);
      const served = counts.hit + counts.stale;
      const reads = served + counts.miss;
      rows.push([
        scenario.label,
        counts.views,
        round(counts.seconds, 1),
        counts.edits,
        percent(served, reads),
        percent(counts.stale, reads),
        percent(counts.views - counts.distinctProducts, counts.views),
        round((1000 * counts.loads) / counts.views, 1),
        round(counts.postgresTransactions / counts.views, 3),
        counts.failedViews,
      ]);
      figures[`hit_rate_${scenario.figure}`] = round(served / reads, 4);
      figures[`loads_per_1000_views_${scenario.figure}`] = round((1000 * counts.loads) / counts.views, 1);
      figures[`postgres_queries_per_view_${scenario.figure}`] = round(
        counts.postgresTransactions / counts.views,
        3,
      );
    }
    const table: Table = {
      title: `Product detail reads, Zipf(1.0) over ${context.products.toLocaleString('en')} products, cold cache`,
      columns: [
        'scenario',
        'views',
        'seconds',
        'admin edits',
        'hit rate (fresh + stale)',
        'of which stale',
        'ceiling (views − distinct products)',
        'loads per 1,000 views',
        'PostgreSQL queries per view',
        'failed views',
      ],
      rows,
      note:
        'With default TTLs nothing expires within the run, so the only misses are first views (the ceiling ' +
        'column: Zipf 1.0 over 10,000 products leaves ≈ 8,600 distinct products in 100,000 views, ≈ 91 %, and ' +
        '≈ 4,300 in 20,000, ≈ 78 %); the short-TTL row adds what expiry and edits cost, each load being four ' +
        'PostgreSQL statements (product, rating, reviews, related; counted as pg_stat_database transactions).',
    };
    return { tables: [table], figures };
  },
};
