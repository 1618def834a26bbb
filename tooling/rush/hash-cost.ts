import { hashPassword } from '../../lib/auth/password';
import { median } from '../stats';

/**
 * What one password hash costs this process, alone: the median of `count` hashes, CPU and wall ms (the
 * sign-in drill and the bench's sign-in part print it beside what the machine signs in).
 */
export async function hashCost(count: number): Promise<{ cpuMs: number; wallMs: number }> {
  const cpu: number[] = [];
  const wall: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const [startedCpu, started] = [process.cpuUsage(), performance.now()];
    await hashPassword('a password of a usual length');
    const used = process.cpuUsage(startedCpu);
    cpu.push((used.user + used.system) / 1000);
    wall.push(performance.now() - started);
  }
  return { cpuMs: median(cpu), wallMs: median(wall) };
}
