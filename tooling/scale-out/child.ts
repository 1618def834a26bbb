import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';

// Every process still running when this one exits (a crash, a test runner ending early) is killed with
// it: they run in their own process groups, so nothing else would stop them.
const owned = new Set<OwnedProcess>();
process.once('exit', () => {
  for (const child of owned) child.kill();
});

/**
 * A process the scale-out started and owns: its output goes to a log file, and it is stopped by its own
 * pid, never by name, so nothing else on the machine is touched.
 */
export class OwnedProcess {
  readonly child: ChildProcess;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(
    readonly name: string,
    command: string,
    args: string[],
    readonly logFile: string,
    options: SpawnOptions = {},
    /** What stops it for good: SIGKILL, or for nginx SIGTERM (its master then stops its workers). */
    private readonly killSignal: NodeJS.Signals = 'SIGKILL',
  ) {
    // Its output goes straight to the file, not through us: a child outliving a crashed parent must not
    // be left writing into a broken pipe. Its own process group: a Ctrl-C in the terminal reaches only the
    // scale-out, which stops everything in order.
    const log = openSync(logFile, 'a');
    try {
      this.child = spawn(command, args, { ...options, detached: true, stdio: ['ignore', log, log] });
    } finally {
      closeSync(log); // the child has its own copy
    }
    this.exited = new Promise((resolve) => {
      this.child.once('exit', (code, signal) => resolve({ code, signal }));
      this.child.once('error', () => resolve({ code: null, signal: null }));
    });
    owned.add(this);
    void this.exited.then(() => owned.delete(this));
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  signal(signal: NodeJS.Signals): void {
    if (this.running) this.child.kill(signal);
  }

  /** Stops it at once (its kill signal). */
  kill(): void {
    this.signal('SIGCONT');
    this.signal(this.killSignal);
  }

  /** Sends `signal`, then its kill signal after `graceMs` if it is still there; resolves once it has exited. */
  async stop(signal: NodeJS.Signals = 'SIGTERM', graceMs = 15_000) {
    if (!this.running) return this.exited;
    this.child.kill('SIGCONT'); // a frozen process cannot act on SIGTERM
    this.child.kill(signal);
    const timer = setTimeout(() => this.kill(), graceMs);
    const result = await this.exited;
    clearTimeout(timer);
    return result;
  }
}

/** Thrown by a `waitFor` check when waiting longer cannot help (the process exited). */
export class GaveUp extends Error {}

/** Polls `check` every 100 ms until it resolves true; throws `what` after `timeoutMs`. */
export async function waitFor(what: string, timeoutMs: number, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const done = await check().catch((error: unknown) => {
      if (error instanceof GaveUp) throw error;
      return false; // not answering yet
    });
    if (done) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Whether `url` answers with status 200 within 2 s. */
export async function answers200(url: string): Promise<boolean> {
  const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
  await response.body?.cancel();
  return response.status === 200;
}
