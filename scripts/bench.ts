import { execFileSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { loadEnv, runMain, UsageError } from '../tooling/cli';
import { assertProductionBuild } from '../tooling/next-instance';
import { Cleanup } from '../bench/cleanup';
import { openContext } from '../bench/context';
import type { BenchMode } from '../bench/part';
import { PARTS } from '../bench/parts';
import { machine, partMarkdown, RESULTS_DIR, writeRecord, type RunRecord } from '../bench/report';

/*
 * Every claim of the storefront measured side by side with its alternatives, in one run on one machine:
 * the parts in bench/parts. Makes its own production build, database, Redis and instances, removes
 * them afterwards (also on Ctrl-C), prints one table per part and writes bench/results/<date>.json and
 * .md, and the .md again as bench/results/latest.md (not for --smoke).
 *
 *   npm run bench [-- --quick | --smoke] [--only pages,sessions] [--sign-in-share 0.25] [--no-build]
 *                 [--out bench/results]
 */

const USAGE = `usage: npm run bench -- [--quick | --smoke] [--only ${PARTS.map((part) => part.id).join(',')}] [--sign-in-share F] [--no-build] [--out DIR]
  --quick          a short run (under 10 minutes); the README's figures come from a full run
  --smoke          the test's run: every part, minimal sizes, figures not worth reading
  --sign-in-share  the share of visitors who sign in and buy in the sign-in part, 0–1 (default 0.25)
  --no-build       use the production build in .next as it is`;

function parseOptions(args: string[]) {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      options: {
        quick: { type: 'boolean', default: false },
        smoke: { type: 'boolean', default: false },
        only: { type: 'string' },
        'sign-in-share': { type: 'string', default: '0.25' },
        'no-build': { type: 'boolean', default: false },
        out: { type: 'string', default: RESULTS_DIR },
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
  const signInShare = Number(parsed['sign-in-share']);
  if (!(signInShare >= 0 && signInShare <= 1))
    throw new UsageError('--sign-in-share is a share, 0 to 1', USAGE);
  return {
    mode,
    signInShare,
    parts: PARTS.filter((part) => ids.includes(part.id)),
    build: !parsed['no-build'],
    out: parsed.out,
  };
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  loadEnv();
  if (options.build) {
    console.log('Building (npm run build)…');
    execFileSync('npm', ['run', 'build'], { stdio: ['ignore', 'ignore', 'inherit'] });
  }
  assertProductionBuild();

  const cleanup = new Cleanup();
  cleanup.exitOnSignals();
  const record: RunRecord = {
    date: new Date().toISOString(),
    mode: options.mode,
    ...(options.parts.length < PARTS.length && { only: options.parts.map((part) => part.id) }),
    machine: machine(),
    parts: [],
  };
  try {
    console.log(`Preparing a database and a Redis of the run's own (${options.mode} run)…`);
    const context = await openContext(options.mode, cleanup, { signInShare: options.signInShare });
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
  console.log(`\nWritten: ${[files.json, files.markdown, files.latest].filter(Boolean).join(', ')}`);
}

runMain(main);
