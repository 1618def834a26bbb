import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { BenchContext } from '../part';
import { LatencyRecorder, type LatencySummary } from './latency';
import type { PeerId } from './peer';
import type { StampedeWorkerArgs, StampedeWorkerResult } from './stampede-worker';

/*
 * The cold stampede: `processes` workers (./stampede-worker.ts), each standing for an app instance, fire
 * `readsPerProcess` concurrent reads of one key nobody has cached, released together. A library that only
 * coalesces within a process runs the loader once per process at best; one that locks across processes,
 * once in all.
 */

export interface StampedeOptions {
  peer: PeerId;
  slug: string;
  keyPrefix: string;
  processes: number;
  readsPerProcess: number;
}

export interface StampedeResult extends LatencySummary {
  loaderRuns: number;
  errors: number;
}

const workerPath = path.join(path.dirname(fileURLToPath(import.meta.url)), 'stampede-worker.ts');
/** Starting a worker (tsx compiles it, the peer connects) on a busy two-core machine. */
const READY_TIMEOUT_MS = 30_000;
const RESULT_TIMEOUT_MS = 60_000;

export async function measureStampede(
  context: BenchContext,
  options: StampedeOptions,
): Promise<StampedeResult> {
  const args: StampedeWorkerArgs = {
    peer: options.peer,
    redisUrl: context.redisUrl,
    databaseUrl: context.databaseUrl,
    keyPrefix: options.keyPrefix,
    slug: options.slug,
    reads: options.readsPerProcess,
  };
  const workers = Array.from({ length: options.processes }, () => startWorker(context, args));
  try {
    await Promise.all(workers.map((worker) => worker.ready));
    // The barrier: every worker is connected and waiting; one write each releases them within a millisecond.
    for (const worker of workers) worker.child.stdin.write('go\n');
    const results = await Promise.all(workers.map((worker) => worker.result));
    const recorder = new LatencyRecorder();
    for (const result of results) for (const ms of result.latenciesMs) recorder.recordMs(ms);
    return {
      ...recorder.summary(),
      loaderRuns: results.reduce((sum, result) => sum + result.loaderRuns, 0),
      errors: results.reduce((sum, result) => sum + result.errors.length, 0),
    };
  } finally {
    for (const worker of workers) worker.stop();
  }
}

interface Worker {
  child: ChildProcessWithoutNullStreams;
  ready: Promise<void>;
  result: Promise<StampedeWorkerResult>;
  stop(): void;
}

function startWorker(context: BenchContext, args: StampedeWorkerArgs): Worker {
  const child = spawn(process.execPath, ['--import', 'tsx', workerPath, JSON.stringify(args)], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const stop = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  context.defer(`stop ${args.peer} stampede worker`, async () => stop());
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  // 'close', not 'exit': by then every line the worker printed has been read.
  const exited = new Promise<never>((_, reject) =>
    child.once('close', (code) =>
      reject(new Error(`${args.peer} worker exited (${code}): ${stderr.trim()}`)),
    ),
  );
  exited.catch(() => {}); // observed through ready/result; not an unhandled rejection when all went well

  const lines = createInterface({ input: child.stdout });
  let markReady: () => void = () => {};
  let deliver: (result: StampedeWorkerResult) => void = () => {};
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  const result = new Promise<StampedeWorkerResult>((resolve) => (deliver = resolve));
  lines.on('line', (line) => {
    if (line === 'ready') markReady();
    else if (line.startsWith('{')) deliver(JSON.parse(line) as StampedeWorkerResult);
  });
  return {
    child,
    ready: within(Promise.race([ready, exited]), READY_TIMEOUT_MS, `${args.peer} worker ready`),
    result: within(Promise.race([result, exited]), RESULT_TIMEOUT_MS, `${args.peer} worker result`),
    stop,
  };
}

function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
