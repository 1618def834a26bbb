import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

/** Alive and not a zombie waiting to be reaped (a zombie still answers signal 0). */
export function isRunning(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

/**
 * Sends `signal` to a process we did not start (known only by its pid) and waits until it is gone, at most
 * `timeoutMs`. A process already gone is fine.
 */
export async function signalAndWait(pid: number, signal: NodeJS.Signals, timeoutMs: number): Promise<void> {
  try {
    process.kill(pid, signal);
  } catch {
    return; // already gone
  }
  const deadline = Date.now() + timeoutMs;
  while (isRunning(pid) && Date.now() < deadline) await sleep(25);
}
