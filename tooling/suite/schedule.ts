import { StepFailed } from './command';

/*
 * `npm test`'s scheduler. Each step starts as soon as the steps it needs have passed, so what is
 * independent runs side by side (the static checks, the unit tests and the production build at once; the
 * browser tests as soon as the build is there). A step's output is kept and printed whole when it ends,
 * so parallel steps never interleave; a line every minute says what is still running. After a failure
 * nothing new starts, the running steps finish (their own cleanup runs), and the first failure's exit
 * code is the suite's.
 */

export interface Step {
  id: string;
  title: string;
  /** Ids of the steps that must pass first. */
  needs?: string[];
  /** Does the work, writing its output through `write`; throws (StepFailed for a known exit code) to fail. */
  run: (write: (chunk: string) => void) => Promise<void>;
}

export interface StepResult {
  id: string;
  title: string;
  status: 'passed' | 'failed' | 'not run';
  /** Seconds from the suite's start. */
  startedAt?: number;
  seconds?: number;
  error?: string;
}

export interface ScheduleOptions {
  /** Where finished steps' output and progress lines go. */
  print?: (text: string) => void;
  /** How often to say what is still running, in ms. */
  progressEveryMs?: number;
}

export async function runSchedule(
  steps: Step[],
  options: ScheduleOptions = {},
): Promise<{ exitCode: number; results: StepResult[] }> {
  const print = options.print ?? ((text: string) => process.stdout.write(text));
  checkPlan(steps);
  const started = performance.now();
  const elapsed = () => (performance.now() - started) / 1000;
  const results = new Map<string, StepResult>(
    steps.map((step) => [step.id, { id: step.id, title: step.title, status: 'not run' }]),
  );
  const running = new Map<string, Promise<void>>();
  let exitCode = 0;

  const ready = (step: Step) =>
    results.get(step.id)!.status === 'not run' &&
    !running.has(step.id) &&
    (step.needs ?? []).every((id) => results.get(id)!.status === 'passed');

  const start = (step: Step) => {
    const result = results.get(step.id)!;
    result.startedAt = elapsed();
    print(`▸ ${step.title}: started at ${result.startedAt.toFixed(0)} s\n`);
    let output = '';
    const done = step
      .run((chunk) => (output += chunk))
      .then(
        () => {
          result.status = 'passed';
        },
        (error: unknown) => {
          result.status = 'failed';
          result.error = error instanceof Error ? error.message : String(error);
          if (exitCode === 0) exitCode = error instanceof StepFailed ? error.exitCode : 1;
        },
      )
      .finally(() => {
        result.seconds = elapsed() - result.startedAt!;
        running.delete(step.id);
        const mark = result.status === 'passed' ? '✓' : '✗';
        const tail = result.error ? `: ${result.error}` : '';
        print(`\n━━ ${step.title}\n${output}${output.endsWith('\n') || !output ? '' : '\n'}`);
        print(`${mark} ${step.title} (${result.seconds.toFixed(1)} s)${tail}\n`);
      });
    running.set(step.id, done);
  };

  const progress = setInterval(() => {
    const names = [...running.keys()].map((id) => results.get(id)!.title);
    if (names.length) print(`… ${elapsed().toFixed(0)} s: still running: ${names.join(', ')}\n`);
  }, options.progressEveryMs ?? 60_000);
  try {
    for (;;) {
      if (exitCode === 0) for (const step of steps.filter(ready)) start(step);
      if (running.size === 0) break;
      await Promise.race(running.values());
    }
  } finally {
    clearInterval(progress);
  }
  return { exitCode, results: steps.map((step) => results.get(step.id)!) };
}

/** Every `needs` names an earlier step: no unknown ids, no cycles. */
function checkPlan(steps: Step[]): void {
  const seen = new Set<string>();
  for (const step of steps) {
    if (seen.has(step.id)) throw new Error(`two steps are called ${step.id}`);
    for (const need of step.needs ?? [])
      if (!seen.has(need)) throw new Error(`${step.id} needs ${need}, which is not an earlier step`);
    seen.add(step.id);
  }
}

/** The closing table: each step's start, duration and outcome, then the wall-clock total. */
export function summary(results: StepResult[], totalSeconds: number): string {
  const width = Math.max(...results.map((result) => result.title.length));
  const lines = results.map((result) => {
    const at = result.startedAt === undefined ? '' : `${result.startedAt.toFixed(0)} s`;
    const took = result.seconds === undefined ? '' : `${result.seconds.toFixed(1)} s`;
    return `${result.title.padEnd(width)}  ${at.padStart(6)}  ${took.padStart(8)}  ${result.status}`;
  });
  const header = `${'step'.padEnd(width)}  ${'start'.padStart(6)}  ${'took'.padStart(8)}  outcome`;
  return [
    header,
    ...lines,
    `${'total (wall clock)'.padEnd(width)}  ${''.padStart(6)}  ${`${totalSeconds.toFixed(1)} s`.padStart(8)}`,
  ].join('\n');
}
