import { spawn } from 'node:child_process';

/** A suite step that failed: its message, and the exit code `npm test` ends with. */
export class StepFailed extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

/**
 * Runs a command to its end, its output (stdout and stderr, interleaved as written) handed to `write`.
 * Resolves on exit code 0; rejects with StepFailed otherwise.
 */
export function runCommand(
  command: string,
  args: string[],
  options: { env?: Record<string, string>; write?: (chunk: string) => void } = {},
): Promise<void> {
  const write = options.write ?? ((chunk: string) => process.stdout.write(chunk));
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, FORCE_COLOR: '0', ...options.env },
    });
    child.stdout.setEncoding('utf8').on('data', write);
    child.stderr.setEncoding('utf8').on('data', write);
    child.on('error', (error) => reject(new StepFailed(`${command}: ${error.message}`)));
    child.on('close', (code, signal) => {
      if (code === 0) return resolve();
      const how = signal ? `was killed by ${signal}` : `exited with ${code}`;
      reject(new StepFailed(`${[command, ...args].join(' ')} ${how}`, code || 1));
    });
  });
}
