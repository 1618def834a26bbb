import { execFileSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { loadEnv, runMain, UsageError } from './lib/cli';
import { Cleanup } from './lib/checkout-bench/cleanup';
import { assertProductionBuild } from './lib/checkout-bench/store';
import { openContext } from './lib/bench/context';
import type { BenchMode } from './lib/bench/part';
import { PARTS } from './lib/bench/parts';
import { machine, partMarkdown, writeRecord, type RunRecord } from './lib/bench/report';

/*
 * Every claim of the storefront measured side by side with its alternatives, in one run on one machine:
 * the parts in ./lib/bench/parts. Makes its own production build, database, Redis and instances, removes
 * them afterwards (also on Ctrl-C), prints one table per part and writes bench/results/<date>.json and .md.
 *
 *   npm run bench [-- --quick | --smoke] [--only pages,sessions] [--no-build] [--out bench/results]
 */

const USAGE = `usage: npm run bench -- [--quick | --smoke] [--only ${PARTS.map((part) => part.id).join(',')}] [--no-build] [--out DIR]
  --quick     a short run (under 10 minutes); the README's figures come from a full run
  --smoke     the test's run: every part, minimal sizes, figures not worth reading
  --no-build  use the production build in .next as it is`;

function parseOptions(args: string[]) {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      options: {
        quick: { type: 'boolean', default: false },
        smoke: { type: 'boolean', default: false },
        only: { type: 'string' },
        'no-build': { type: 'boolean', default: false },
        out: { type: 'string', default: 'bench/results' },
      },
    }).values;
  } catch (error) {
    throw new UsageError((error as Error).message, USAGE);
  }
  if (parsed.quick && parsed.smoke) throw new UsageError('--quick and --smoke exclude each other', USAGE);
  const mode: BenchMode = parsed.smoke ? 'smoke' : parsed.quick ? 'quick' : 'full';
  const ids = parsed.only?.split(',').map((id) => id.trim()) ?? PARTS.map((part) => part.id);
  const unknown = ids.filter((id) => !PARTS.some((part) => part.id === id));
  if (unknown.length > 0) throw new UsageError(`no part named ${unknown.join(', ')}`, USAGE);
  return {
    mode,
    parts: PARTS.filter((part) => ids.includes(part.id)),
    build: !parsed['no-build'],
    out: parsed.out,
  };
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  loadEnv();
  if (options.build) {
    console.log('Building (next build)…');
    execFileSync('node_modules/.bin/next', ['build'], { stdio: ['ignore', 'ignore', 'inherit'] });
  }
  assertProductionBuild();

  const cleanup = new Cleanup();
  cleanup.exitOnSignals();
  const record: RunRecord = {
    date: new Date().toISOString(),
    mode: options.mode,
    machine: machine(),
    parts: [],
  };
  try {
    console.log(`Preparing a database and a Redis of the run's own (${options.mode} run)…`);
    const context = await openContext(options.mode, cleanup);
    for (const part of options.parts) {
      console.log(`\n== ${part.title} ==`);
      const started = performance.now();
      const result = await part.run(context);
      const seconds = Number(((performance.now() - started) / 1000).toFixed(1));
      const done = { id: part.id, title: part.title, seconds, ...result };
      record.parts.push(done);
      console.log(`\n${partMarkdown(done)}(${seconds} s)`);
    }
  } finally {
    await cleanup.run();
  }
  const files = await writeRecord(record, options.out);
  console.log(`\nWritten: ${files.json} and ${files.markdown}`);
}

runMain(main);
