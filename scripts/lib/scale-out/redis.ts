import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { serverPid, waitForPing } from '../../../test/redis-server';
import { OwnedProcess } from './child';

/**
 * The private Redis of the scale-out: sessions and carts live here, so it persists every write to an
 * append-only file fsynced each second (at most a second of writes lost on a crash) and never evicts
 * (`noeviction`: a full Redis refuses writes rather than silently signing shoppers out). Its config file is
 * written beside its data, so an operator can restart it by hand: `redis-server .scale-out/redis.conf`.
 */

export function redisConfig(port: number, dir: string): string {
  return [
    '# Written by `npm run scale-out`; restart by hand with: redis-server <this file>',
    `port ${port}`,
    'bind 127.0.0.1',
    `dir ${dir}`,
    'appendonly yes',
    'appendfsync everysec',
    'maxmemory-policy noeviction',
    // The AOF is the persistence; no RDB snapshots on top of it.
    'save ""',
    '',
  ].join('\n');
}

export class AofRedis {
  readonly configFile: string;
  private process?: OwnedProcess;

  constructor(
    readonly port: number,
    readonly dir: string,
  ) {
    this.configFile = path.join(dir, 'redis.conf');
    writeFileSync(this.configFile, redisConfig(port, dir));
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  get pid(): number | undefined {
    return this.process?.running ? this.process.pid : undefined;
  }

  /** Starts redis-server on its config (loading the AOF if there is one); resolves once it answers. */
  async start(): Promise<void> {
    const server = new OwnedProcess(
      'redis',
      'redis-server',
      [this.configFile],
      path.join(this.dir, 'redis.log'),
    );
    this.process = server;
    await waitForPing(this.port, server.child, 20_000);
    if ((await serverPid(this.port)) !== server.pid) {
      await server.stop('SIGKILL');
      throw new Error(`port ${this.port} is another Redis's`);
    }
  }

  /** `kill -9`: no chance to write anything more; the AOF holds what was fsynced. */
  async kill(): Promise<void> {
    await this.process?.stop('SIGKILL');
  }

  /** A clean stop (SIGTERM: Redis flushes its AOF first). */
  async stop(): Promise<void> {
    await this.process?.stop('SIGTERM', 10_000);
  }
}
