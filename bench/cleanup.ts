/**
 * What the benchmark made (processes, a database, Redis keys), undone in reverse order of making: at the
 * end, on an error, and on Ctrl-C or SIGTERM, so an interrupted run leaves nothing behind.
 */
export class Cleanup {
  private readonly steps: Array<{ label: string; run: () => Promise<unknown> }> = [];
  private running: Promise<void> | undefined;

  defer(label: string, run: () => Promise<unknown>): void {
    this.steps.push({ label, run });
    // Made while cleaning up (a server that finished starting after Ctrl-C): undo it at once.
    if (this.running) void this.running.then(() => this.runStep({ label, run }));
  }

  /** Runs every step once, even when one fails (that one is reported), newest first. */
  run(): Promise<void> {
    this.running ??= (async () => {
      for (const step of [...this.steps].reverse()) await this.runStep(step);
    })();
    return this.running;
  }

  private runStep(step: { label: string; run: () => Promise<unknown> }): Promise<unknown> {
    return step.run().catch((error: unknown) => {
      console.error(`cleanup: ${step.label} failed: ${(error as Error).message}`);
    });
  }

  /** On a signal, cleans up and exits as the signal would have (128 + its number). */
  exitOnSignals(): void {
    for (const [signal, code] of [
      ['SIGINT', 130],
      ['SIGTERM', 143],
    ] as const) {
      process.once(signal, () => {
        console.error(`\n${signal}: cleaning up…`);
        void this.run().finally(() => process.exit(code));
      });
    }
  }
}
