import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ensureNginx } from './lib/scale-out/nginx';

/*
 * `npm test`: the whole suite, in order, stopping at the first step that fails (with its exit code).
 * Each step is a child process with inherited stdio, so vitest's and Playwright's own summaries are
 * the output.
 */

const bin = (name: string) => path.join('node_modules', '.bin', name);

interface Step {
  title: string;
  run: () => Promise<void>;
}

class StepFailed extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

function run(command: string, args: string[], env: Record<string, string> = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
    child.on('error', (error) => reject(new StepFailed(`${command}: ${error.message}`)));
    child.on('exit', (code, signal) => {
      if (code === 0) resolve();
      else
        reject(
          new StepFailed(
            `${[command, ...args].join(' ')} ${signal ? `was killed by ${signal}` : `exited with ${code}`}`,
            code || 1,
          ),
        );
    });
  });
}

/** Debian's Chromium for Playwright: CHROMIUM_PATH, else /usr/bin/chromium, else install the package. */
async function ensureChromium(): Promise<void> {
  const configured = process.env.CHROMIUM_PATH;
  if (configured) {
    if (!existsSync(configured)) throw new StepFailed(`CHROMIUM_PATH=${configured} does not exist`);
    console.log(`Chromium: ${configured} (CHROMIUM_PATH)`);
    return;
  }
  const debian = '/usr/bin/chromium';
  if (existsSync(debian)) {
    console.log(`Chromium: ${debian}`);
    return;
  }
  console.log("Chromium not found: installing Debian's chromium package (apt-get)…");
  if (process.getuid?.() !== 0) {
    throw new StepFailed(
      'Chromium is missing and installing it needs root: run `apt-get install -y chromium` as root, or set CHROMIUM_PATH',
    );
  }
  const apt = { DEBIAN_FRONTEND: 'noninteractive' };
  await run('apt-get', ['update'], apt);
  await run('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], apt);
  if (!existsSync(debian)) throw new StepFailed(`apt-get installed chromium, but ${debian} is still missing`);
}

/** Debian's nginx for the scale-out tests and drills, installed (as root) when missing. */
async function checkNginx(): Promise<void> {
  try {
    console.log(`nginx: ${await ensureNginx()}`);
  } catch (error) {
    throw new StepFailed(error instanceof Error ? error.message : String(error));
  }
}

const steps: Step[] = [
  { title: 'Chromium', run: ensureChromium },
  { title: 'nginx', run: checkNginx },
  { title: 'Typecheck (tsc --noEmit)', run: () => run(bin('tsc'), ['--noEmit']) },
  { title: 'Lint (eslint)', run: () => run(bin('eslint'), ['.', '--max-warnings', '0']) },
  { title: 'Format (prettier --check)', run: () => run(bin('prettier'), ['--check', '.']) },
  { title: 'Unit and integration tests (vitest)', run: () => run(bin('vitest'), ['run']) },
  // The Redis Cluster runs happen inside this step: engine.cluster.test.ts (and the other *.cluster
  // tests) start a local three-master Cluster with scripts/redis-cluster.ts and stop it afterwards.
  { title: 'Production build (next build)', run: () => run(bin('next'), ['build']) },
  { title: 'End-to-end tests (playwright)', run: () => run(bin('playwright'), ['test']) },
  // The scale-out topology (nginx, N instances, AOF Redis or a Cluster with replicas, a private
  // PostgreSQL) broken under load, one drill file at a time: drills/*.drill.ts.
  {
    title: 'Fault drills (vitest, drills/)',
    run: () => run(bin('vitest'), ['run', '--config', 'drills/vitest.config.ts']),
  },
  // `npm run bench -- --smoke`: every benchmark part runs and records its figures (bench/smoke.test.ts).
  {
    title: 'Benchmark smoke run (vitest, bench/)',
    run: () => run(bin('vitest'), ['run', '--config', 'bench/vitest.config.ts']),
  },
];

function seconds(since: number): string {
  return `${((performance.now() - since) / 1000).toFixed(1)} s`;
}

async function main(): Promise<number> {
  const started = performance.now();
  for (const [index, step] of steps.entries()) {
    console.log(`\n━━ [${index + 1}/${steps.length}] ${step.title}`);
    const stepStarted = performance.now();
    try {
      await step.run();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      console.error(`\n✗ ${step.title} failed after ${seconds(stepStarted)}: ${message}`);
      return error instanceof StepFailed ? error.exitCode : 1;
    }
    console.log(`✓ ${step.title} (${seconds(stepStarted)})`);
  }
  console.log(`\nAll ${steps.length} steps passed in ${seconds(started)}.`);
  return 0;
}

process.exitCode = await main();
