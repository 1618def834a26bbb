import Redis from 'ioredis';
import { NOT_DATA } from '../../tooling/redis-commands';
import type { MonitoredCommand } from './monitor';

/*
 * How many of the storefront's own commands this machine's Redis runs per second: the commands its page
 * views sent (captured by MONITOR, arguments and all) sent again, in a loop, over several connections with
 * pipelining, for a fixed time. Scripts run as they did (EVALSHA of the same scripts on the same keys), so
 * the mix's cost is the real one, not an average over GET and SET. MULTI and EXEC are left out: the
 * commands between them are sent as plain pipelined commands (they cost Redis the same work).
 */

export interface ReplayOptions {
  connections: number;
  pipeline: number;
  seconds: number;
}

export interface ReplayResult {
  commands: number;
  /** Bytes of the bulk replies (values read): what a GET of a cached page costs is mostly its size. */
  replyBytes: number;
  errors: number;
  seconds: number;
  perSecond: number;
}

export const commandName = (command: MonitoredCommand) => command.args[0]?.toString().toLowerCase() ?? '';

/** The commands clients sent (not those scripts ran), data commands only, MULTI/EXEC left out. */
export function replayable(commands: readonly MonitoredCommand[]): MonitoredCommand[] {
  return commands.filter((command) => {
    const name = commandName(command);
    return command.source !== 'lua' && !NOT_DATA.has(name) && name !== 'multi' && name !== 'exec';
  });
}

export async function replay(
  url: string,
  commands: readonly MonitoredCommand[],
  options: ReplayOptions,
): Promise<ReplayResult> {
  if (commands.length === 0) throw new Error('nothing to replay');
  const clients = Array.from({ length: options.connections }, () => new Redis(url, { lazyConnect: true }));
  try {
    await Promise.all(clients.map((client) => client.connect()));
    let cursor = 0;
    let sent = 0;
    let errors = 0;
    let replyBytes = 0;
    const started = performance.now();
    const deadline = started + options.seconds * 1000;
    await Promise.all(
      clients.map(async (client) => {
        while (performance.now() < deadline) {
          const batch = client.pipeline();
          for (let index = 0; index < options.pipeline; index += 1) {
            const [name, ...args] = commands[cursor++ % commands.length]!.args;
            // Replies as bytes, never decoded here: the load generator leaves more of the shared cores to Redis.
            batch.callBuffer(name!.toString(), ...args);
          }
          const results = (await batch.exec()) ?? [];
          sent += results.length;
          for (const [error, reply] of results) {
            if (error) errors += 1;
            else if (Buffer.isBuffer(reply)) replyBytes += reply.length;
          }
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    return { commands: sent, replyBytes, errors, seconds, perSecond: sent / seconds };
  } finally {
    await Promise.all(clients.map((client) => client.quit().catch(() => client.disconnect())));
  }
}
