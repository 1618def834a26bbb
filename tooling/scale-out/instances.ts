import path from 'node:path';
import { answers200, GaveUp, OwnedProcess, waitFor } from './child';

const NEXT_BIN = path.join(process.cwd(), 'node_modules', '.bin', 'next');

/** One `next start` of the shared build on a fixed port, restartable on that port. */
export class StorefrontInstance {
  private process?: OwnedProcess;

  constructor(
    readonly index: number,
    readonly port: number,
    private readonly env: Record<string, string>,
    private readonly logDir: string,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get pid(): number | undefined {
    return this.process?.running ? this.process.pid : undefined;
  }

  get exited() {
    return this.process?.exited;
  }

  get logFile(): string {
    return path.join(this.logDir, `instance-${this.index + 1}.log`);
  }

  /** Starts it and resolves once its liveness route answers 200. */
  async start(timeoutMs = 90_000): Promise<void> {
    const instance = new OwnedProcess(
      `instance ${this.index + 1}`,
      NEXT_BIN,
      ['start', '-H', '127.0.0.1', '-p', String(this.port)],
      this.logFile,
      { env: { ...process.env, NODE_ENV: 'production', ...this.env, PORT: String(this.port) } },
    );
    this.process = instance;
    await waitFor(`instance ${this.index + 1} on port ${this.port}`, timeoutMs, async () => {
      if (!instance.running) throw new GaveUp(`instance ${this.index + 1} exited; see ${this.logFile}`);
      return answers200(`${this.url}/api/health/live`);
    });
  }

  /** SIGTERM (a drain) or SIGKILL (a crash); resolves with how it exited. */
  async stop(signal: NodeJS.Signals = 'SIGTERM') {
    return this.process?.stop(signal, 20_000);
  }
}
