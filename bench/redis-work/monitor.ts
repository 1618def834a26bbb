import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

/*
 * Every command a Redis server runs, as MONITOR prints it (`redis-cli monitor`): who sent it (a client's
 * address, or `lua` for a command a script ran) and its arguments, unescaped back to their bytes. What the
 * storefront sends can then be replayed exactly (./replay.ts), scripts and all.
 */

export interface MonitoredCommand {
  /** `lua` for a command run inside a script, else the client's `host:port`. */
  source: string;
  args: Buffer[];
}

export interface Monitor {
  /** The commands seen so far, in the order the server ran them. */
  readonly commands: MonitoredCommand[];
  stop(): Promise<void>;
}

const LINE = /^\d+\.\d+ \[\d+ ([^\]]+)\] (.*)$/;
const SIMPLE_ESCAPES: Record<string, number> = { n: 10, r: 13, t: 9, a: 7, b: 8, '\\': 92, '"': 34 };

/** The quoted arguments of one MONITOR line (sdscatrepr's escapes: \n \r \t \a \b \\ \" \xHH). */
export function parseArguments(text: string): Buffer[] {
  const args: Buffer[] = [];
  let index = 0;
  while (index < text.length) {
    if (text[index] !== '"') {
      index += 1;
      continue;
    }
    const bytes: number[] = [];
    for (index += 1; index < text.length && text[index] !== '"'; index += 1) {
      const char = text[index]!;
      if (char !== '\\') {
        bytes.push(...Buffer.from(char));
        continue;
      }
      const next = text[index + 1]!;
      if (next === 'x') {
        bytes.push(Number.parseInt(text.slice(index + 2, index + 4), 16));
        index += 3;
      } else {
        bytes.push(SIMPLE_ESCAPES[next] ?? next.charCodeAt(0));
        index += 1;
      }
    }
    args.push(Buffer.from(bytes));
    index += 1;
  }
  return args;
}

/** Starts `redis-cli monitor` on `url`; resolves once the server has started sending. */
export async function startMonitor(url: string): Promise<Monitor> {
  const child = spawn('redis-cli', ['-u', url, 'monitor'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const commands: MonitoredCommand[] = [];
  const lines = createInterface({ input: child.stdout });
  const started = new Promise<void>((resolve, reject) => {
    child.once('error', reject);
    lines.once('line', () => resolve());
  });
  lines.on('line', (line) => {
    const match = LINE.exec(line);
    if (match) commands.push({ source: match[1]!, args: parseArguments(match[2]!) });
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  await started;
  return {
    commands,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
