import type { Command } from 'ioredis';
import { dbSpan, spansOn, type DbCall } from '../telemetry';
import { settleCall, traceCall, tracing } from '../trace';
import type { RedisClient } from './client';
import { scriptBySha } from './lua';

/**
 * The one wrapping point of every command the storefront sends to Redis, installed by the client factory
 * on every command client, so what is seen is what the shop's own code sends, not a copy. It reports each
 * command to the two things that may be watching:
 *   - the running trace of the admin's "trace a page view", if any (lib/trace.ts), with args and reply;
 *   - OpenTelemetry, when spans are on (lib/telemetry): a CLIENT span per command, by the database
 *     conventions (`db.system.name` redis, the command as `db.operation.name` and `db.query.summary`, the
 *     Lua script's name behind an EVALSHA, the node as `server.address`), never with keys or values.
 * With neither watching it costs two comparisons per command. A command ioredis passes through
 * sendCommand twice (a Cluster redirection or a queue flush) is reported once.
 */
export function traceCommands<T extends RedisClient>(client: T): T {
  const send = client.sendCommand.bind(client) as (command: Command, ...rest: unknown[]) => unknown;
  const seen = new WeakSet<Command>();
  const traced = (command: Command, ...rest: unknown[]) => {
    if ((tracing() || spansOn()) && !seen.has(command)) {
      seen.add(command);
      watch(client, command);
    }
    return send(command, ...rest);
  };
  (client as unknown as { sendCommand: typeof traced }).sendCommand = traced;
  return client;
}

function watch(client: RedisClient, command: Command): void {
  const name = command.name.toUpperCase();
  const pending = traceCall('redis', name, command.args);
  const span = spansOn() ? dbSpan(describe(client, command, name)) : undefined;
  command.promise.then(
    (reply: unknown) => {
      if (pending) settleCall(pending, { reply });
      span?.end();
    },
    (error: unknown) => {
      if (pending) settleCall(pending, { error });
      span?.end({ error, statusCode: errorPrefix(error) });
    },
  );
}

function describe(client: RedisClient, command: Command, name: string): DbCall {
  // EVALSHA's first argument is the script's SHA: its name is what an operator can read.
  const script = name === 'EVALSHA' ? scriptBySha(String(command.args[0]))?.name : undefined;
  return {
    system: 'redis',
    operation: name,
    summary: script ? `${name} ${script}` : name,
    storedProcedure: script,
    server: serverOf(client, command),
  };
}

/** The server the command goes to: the client's, or on a Cluster the master of the command's slot. */
function serverOf(client: RedisClient, command: Command): DbCall['server'] {
  if (!client.isCluster) {
    const { host, port } = (client as { options: { host?: string; port?: number } }).options;
    return host ? { address: host, port } : undefined;
  }
  const slot = command.getSlot() as number | null; // null: a command without keys
  const node = slot === null ? undefined : (client as { slots: string[][] }).slots[slot]?.[0];
  if (!node) return undefined;
  const at = node.lastIndexOf(':');
  return { address: node.slice(0, at), port: Number(node.slice(at + 1)) };
}

/** A Redis error reply's prefix (ERR, NOSCRIPT, WRONGTYPE…); undefined for a connection failure. */
function errorPrefix(error: unknown): string | undefined {
  if (!(error instanceof Error) || error.name !== 'ReplyError') return undefined;
  return /^[A-Z]+/.exec(error.message)?.[0];
}
