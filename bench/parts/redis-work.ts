import { setTimeout as sleep } from 'node:timers/promises';
import Redis from 'ioredis';
import { commandCounts, NOT_DATA } from '../../tooling/redis-commands';
import { startMonitor, type Monitor, type MonitoredCommand } from '../redis-work/monitor';
import { pageTypes, type PageType } from '../redis-work/page-views';
import { commandName, replay, replayable } from '../redis-work/replay';
import { byMode, type BenchContext, type BenchPart, type Table } from '../part';
import { round } from '../stats';

/*
 * What a page view asks of Redis, by page type, on one production instance whose data is in Redis but no
 * longer in its memory (each type is viewed once, then again after the in-process tier has expired): the
 * commands Redis ran (INFO commandstats, scripts' inner commands included) and those the storefront sent
 * (MONITOR, which also names the keys). Then how many of exactly those commands this machine's Redis runs
 * per second (../redis-work/replay.ts).
 */

/** The in-process tier's longest life (lib/cache/options.ts), but for the header's categories. */
const L1_SECONDS = 5;

const sum = (counts: Map<string, number>) => [...counts.values()].reduce((total, calls) => total + calls, 0);

/** The commands MONITOR saw between two ECHO markers, once the second has arrived. */
async function between(monitor: Monitor, start: string, end: string): Promise<MonitoredCommand[]> {
  const isMarker = (command: MonitoredCommand, text: string) =>
    commandName(command) === 'echo' && command.args[1]?.toString() === text;
  for (let waited = 0; !monitor.commands.some((command) => isMarker(command, end)); waited += 50) {
    if (waited > 10_000) throw new Error(`MONITOR never showed the marker ${end}`);
    await sleep(50);
  }
  const from = monitor.commands.findIndex((command) => isMarker(command, start));
  const to = monitor.commands.findIndex((command) => isMarker(command, end));
  return monitor.commands.slice(from + 1, to);
}

interface TypeWork {
  type: PageType;
  executed: Map<string, number>;
  sent: MonitoredCommand[];
}

async function measureType(redis: Redis, monitor: Monitor, type: PageType, views: number): Promise<TypeWork> {
  await redis.echo(`start:${type.figure}`);
  await redis.config('RESETSTAT');
  for (let index = 0; index < views; index += 1) await type.view(index);
  // Work a response leaves behind (a page cache write after streaming) belongs to its view.
  await sleep(200);
  const executed = await commandCounts(redis);
  await redis.echo(`end:${type.figure}`);
  const sent = (await between(monitor, `start:${type.figure}`, `end:${type.figure}`)).filter(
    (command) => command.source !== 'lua' && !NOT_DATA.has(commandName(command)),
  );
  return { type, executed, sent };
}

/** `get 3, evalsha 1, hincrby 0.03`: calls per view, most first (what rounds to 0 is left out). */
const perView = (counts: Map<string, number>, views: number) =>
  [...counts]
    .sort(([, a], [, b]) => b - a)
    .filter(([, calls]) => round(calls / views, 2) > 0)
    .map(([name, calls]) => `${name} ${round(calls / views, 2)}`)
    .join(', ');

/**
 * A key's family, as the README's key schema names them: the run's `bench:<id>:` prefix, hash tags and
 * namespace versions left out (`bench:x:cache:listing:v3:{p1|…}` → `cache:listing`).
 */
function keyFamily(key: string): string {
  return key
    .replace(/^bench:[^:]+:/, '')
    .replace(/\{.*$/, '')
    .replace(/:v\d+(:|$)/, '$1')
    .replace(/:+$/, '');
}

/** What a command was sent about: `get cache:product`, `evalsha sess` (a script's first key). */
function commandAndFamily(command: MonitoredCommand): string {
  const name = commandName(command);
  const key = name === 'evalsha' || name === 'eval' ? command.args[3] : command.args[1];
  return key ? `${name} ${keyFamily(key.toString())}` : name;
}

function tally(commands: readonly MonitoredCommand[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const command of commands) {
    const label = commandAndFamily(command);
    counts.set(label, (counts.get(label) ?? 0) + 1);
  }
  return counts;
}

async function measure(context: BenchContext) {
  const instance = await context.startInstance();
  const redis = new Redis(context.redisUrl, { maxRetriesPerRequest: 1 });
  context.defer('close the redis-work probe', () => redis.quit().catch(() => redis.disconnect()));
  const views = byMode(context.mode, { full: 150, quick: 100, smoke: 10 });
  const types = await pageTypes(instance.baseURL, context, views);
  // What an idle instance (and any other still running) sends on its own: timers, not page views.
  await redis.config('RESETSTAT');
  await sleep(2000);
  const backgroundPerSecond = sum(await commandCounts(redis)) / 2;

  const progress = context.progress('redis work by page type', 2 * types.length * views);
  // Every view once, so each one's data is in Redis (and the page cache)…
  for (const type of types) {
    for (let index = 0; index < views; index += 1) await type.view(index);
    progress.increment(views);
  }
  // …and no longer in the instance's memory, whose entries live at most 5 s (categories: 60 s).
  await sleep(L1_SECONDS * 1000 + 1000);
  const monitor = await startMonitor(context.redisUrl);
  context.defer('stop MONITOR', () => monitor.stop());
  const work: TypeWork[] = [];
  for (const type of types) {
    work.push(await measureType(redis, monitor, type, views));
    progress.increment(views);
  }
  progress.stop();
  await monitor.stop();
  await instance.stop();
  return { work, views, backgroundPerSecond };
}

export const redisWorkPart: BenchPart = {
  id: 'redis-work',
  title: 'Redis work per page view by page type, and the operations per second Redis sustains for that mix',
  async run(context) {
    const { work, views, backgroundPerSecond } = await measure(context);
    const figures: Record<string, number> = { redis_background_commands_per_second: backgroundPerSecond };
    const rows = work.map(({ type, executed, sent }) => {
      figures[`redis_commands_per_${type.figure}`] = round(sum(executed) / views, 2);
      figures[`redis_commands_sent_per_${type.figure}`] = round(sent.length / views, 2);
      return [
        type.name,
        views,
        round(sum(executed) / views, 2),
        round(sent.length / views, 2),
        perView(tally(sent), views),
        perView(executed, views),
      ];
    });

    const mix = work.flatMap(({ sent }) => replayable(sent));
    const options = {
      connections: 8,
      pipeline: 16,
      seconds: byMode(context.mode, { full: 10, quick: 5, smoke: 1 }),
    };
    const replayed = await replay(context.redisUrl, mix, options);
    const sentPerView = mix.length / (views * work.length);
    figures.redis_ops_per_second_storefront_mix = Math.round(replayed.perSecond);
    figures.redis_page_views_per_second_storefront_mix = Math.round(replayed.perSecond / sentPerView);

    const perType: Table = {
      title:
        "Redis commands per page view, one production instance, each view's data in Redis but not in its memory",
      columns: [
        'page type',
        'views',
        'commands run (commandstats)',
        'commands sent (MONITOR)',
        'sent, by command and key family',
        'run, by command',
      ],
      rows,
      note:
        'Read "sent" as what one view asks of Redis when its data is in Redis but not in the instance\'s ' +
        'memory (the usual case behind several instances; the home page is one URL, so its data stays in memory) ' +
        'and "run" as Redis\'s work, a script counting once plus each command it runs; hincrby, multi, exec and ' +
        `expire are the instance's 10 s hit-rate sampler ticking in the window (idle: ${round(backgroundPerSecond, 1)} commands/s).`,
    };
    const throughput: Table = {
      title: "Redis operations per second for the storefront's own command mix",
      columns: [
        'method',
        'commands in the mix',
        'connections × pipeline',
        'seconds',
        'commands per second',
        'page views per second it implies',
        'MB/s of values read',
        'errors',
      ],
      rows: [
        [
          'the commands the page views above sent, replayed with their arguments (ioredis, pipelined)',
          mix.length,
          `${options.connections} × ${options.pipeline}`,
          round(replayed.seconds, 1),
          Math.round(replayed.perSecond),
          Math.round(replayed.perSecond / sentPerView),
          round(replayed.replyBytes / replayed.seconds / 1e6, 1),
          replayed.errors,
        ],
      ],
      note:
        "One Redis core serves this many of the storefront's commands per second with the load generator on " +
        'the same 2-core machine (a floor); divided by the commands sent per view it bounds page views per ' +
        'second before Redis, not the instances, is the limit.',
    };
    return { tables: [perType, throughput], figures };
  },
};
