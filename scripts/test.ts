import path from 'node:path';
import { runCommand } from '../tooling/suite/command';
import { checkNginx, checkServices, ensureChromium } from '../tooling/suite/prerequisites';
import { runSchedule, summary, type Step } from '../tooling/suite/schedule';

/*
 * `npm test`: the whole suite. Each step starts once the steps it needs have passed (tooling/suite/
 * schedule.ts). Two cores: the order follows the critical path (build, browser tests, drills, benchmark
 * smoke run, each of the last three loading the machine alone) and fills the idle core around it:
 *
 *   step                              starts after
 *   build (npm run build)             services (PostgreSQL and Redis)
 *   unit and integration (vitest)     services, nginx
 *   end-to-end (playwright)           build, chromium
 *   fault drills                      unit, end-to-end, nginx
 *   benchmark smoke run               fault drills
 *   typecheck, lint, format           fault drills
 *
 * The unit tests run beside the build and the first browser tests: their ports, databases and key
 * prefixes are their own (tooling/ports.ts, tooling/run-env.ts), and they wait on sockets more than they
 * use a core. The drills break the whole topology under load, so they run alone, after the unit and
 * browser tests, and the benchmark smoke run after them. The static checks (about 100 core-seconds, no
 * timing in them) run beside the smoke run, which measures nothing it asserts and leaves a core idle;
 * at the start they held the build, and with it the browser tests, back by over a minute. A table of
 * every step's start and duration ends the output.
 */

const bin = (name: string) => path.join('node_modules', '.bin', name);
const npx =
  (name: string, ...args: string[]) =>
  (write: (chunk: string) => void) =>
    runCommand(bin(name), args, { write });

const steps: Step[] = [
  { id: 'services', title: 'PostgreSQL and Redis', run: checkServices },
  { id: 'nginx', title: 'nginx', run: checkNginx },
  // The Redis Cluster runs happen inside this step: engine.cluster.test.ts (and the other *.cluster
  // tests) start a local three-master Cluster with tooling/redis-cluster.ts and stop it afterwards.
  // After nginx: the nginx tests run the binary, and an install of it beside theirs would queue behind
  // Chromium's on apt's lock (tooling/apt.ts) past their hook's timeout.
  {
    id: 'unit',
    title: 'Unit and integration tests (vitest)',
    needs: ['services', 'nginx'],
    run: npx('vitest', 'run'),
  },
  // The typecheck step checks every file, so the build skips Next's own second pass (next.config.ts).
  {
    id: 'build',
    title: 'Production build (npm run build)',
    needs: ['services'],
    run: (write) =>
      runCommand('npm', ['run', 'build'], { write, env: { STOREFRONT_TYPECHECKED_BY_SUITE: '1' } }),
  },
  { id: 'chromium', title: 'Chromium', run: ensureChromium },
  {
    id: 'e2e',
    title: 'End-to-end tests (playwright)',
    needs: ['build', 'chromium'],
    run: npx('playwright', 'test'),
  },
  // The scale-out topology (nginx, N instances, AOF Redis or a Cluster with replicas, a private
  // PostgreSQL) broken under load, one drill file at a time: drills/*.drill.ts.
  {
    id: 'drills',
    title: 'Fault drills (vitest, drills/)',
    needs: ['nginx', 'unit', 'e2e'],
    run: npx('vitest', 'run', '--config', 'drills/vitest.config.ts'),
  },
  // `npm run bench -- --smoke`: every benchmark part runs and records its figures (bench/smoke.test.ts).
  // After the drills, not beside them: its load made the 3,000-connection drill's instances too slow to
  // accept, and nginx answered 502.
  {
    id: 'bench',
    title: 'Benchmark smoke run (vitest, bench/)',
    needs: ['nginx', 'drills'],
    run: npx('vitest', 'run', '--config', 'bench/vitest.config.ts'),
  },
  // Beside the smoke run: no timing in them, and at the start they held the build back (see above).
  {
    id: 'typecheck',
    title: 'Typecheck (tsc --noEmit)',
    needs: ['drills'],
    run: npx('tsc', '--noEmit'),
  },
  {
    id: 'lint',
    title: 'Lint (eslint)',
    needs: ['drills'],
    run: npx('eslint', '.', '--max-warnings', '0'),
  },
  {
    id: 'format',
    title: 'Format (prettier --check)',
    needs: ['drills'],
    run: npx('prettier', '--check', '.'),
  },
];

const started = performance.now();
const { exitCode, results } = await runSchedule(steps);
const total = (performance.now() - started) / 1000;
console.log(`\n${summary(results, total)}\n`);
const failed = results.filter((result) => result.status === 'failed');
console.log(
  failed.length === 0
    ? `All ${results.length} steps passed in ${total.toFixed(1)} s.`
    : `✗ ${failed.map((result) => result.title).join(', ')} failed.`,
);
process.exitCode = exitCode;
