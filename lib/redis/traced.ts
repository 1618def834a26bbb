import type { Command } from 'ioredis';
import { settleCall, traceCall, tracing } from '../trace';
import type { RedisClient } from './client';

/**
 * Reports every command the client sends to the running trace, if any (lib/trace.ts): the hook the
 * admin's "trace a page view" is built on. Installed by the client factory on every command client, so a
 * trace sees what the storefront's own code sends, not a copy. With no trace running it costs one
 * comparison per command. A command ioredis passes through sendCommand twice (a Cluster redirection or a
 * queue flush) is reported once.
 */
export function traceCommands<T extends RedisClient>(client: T): T {
  const send = client.sendCommand.bind(client) as (command: Command, ...rest: unknown[]) => unknown;
  const seen = new WeakSet<Command>();
  const traced = (command: Command, ...rest: unknown[]) => {
    const pending =
      tracing() && !seen.has(command)
        ? traceCall('redis', command.name.toUpperCase(), command.args)
        : undefined;
    if (pending) {
      seen.add(command);
      command.promise.then(
        (reply: unknown) => settleCall(pending, { reply }),
        (error: unknown) => settleCall(pending, { error }),
      );
    }
    return send(command, ...rest);
  };
  (client as unknown as { sendCommand: typeof traced }).sendCommand = traced;
  return client;
}
