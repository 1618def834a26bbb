import { scriptBySha } from '../../redis/lua';
import type { TracedCall } from '../../trace';
import type { LogLine } from './types';

/*
 * Turns what the tracer recorded into log lines a person can read: one line per command, keys of the run
 * shown from `~` (the run's prefix, said once on the page), long values cut, an EVALSHA named after its
 * script with the commands the script runs, SQL on one line with its parameters.
 */

const MAX_ARG = 72;
const MAX_SQL = 220;
const MAX_REPLY = 100;

function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}… (${text.length} chars)`;
}

function showArg(arg: unknown, runPrefix: string): string {
  if (Buffer.isBuffer(arg)) return `<${arg.length} bytes>`;
  const text = String(arg).replaceAll(runPrefix, '~');
  return /[\s"]/.test(text) || text === '' ? JSON.stringify(cut(text, MAX_ARG)) : cut(text, MAX_ARG);
}

/** The commands a Lua script calls, in order of first use: `[DEL INCR PEXPIRE]`. */
function scriptCommands(source: string): string {
  const names = [...source.matchAll(/redis\.call\('([A-Za-z]+)'/g)].map((match) => match[1]?.toUpperCase());
  return `[${[...new Set(names)].join(' ')}]`;
}

function redisCommand(call: TracedCall, runPrefix: string): string {
  const [first, ...rest] = call.args;
  if (call.name === 'EVALSHA' || call.name === 'EVAL') {
    const script = call.name === 'EVALSHA' ? scriptBySha(String(first)) : undefined;
    const head = script ? `EVALSHA ${script.name} ${scriptCommands(script.source)}` : `${call.name} <script>`;
    return [head, ...rest.map((arg) => showArg(arg, runPrefix))].join(' ');
  }
  return [call.name, ...call.args.map((arg) => showArg(arg, runPrefix))].join(' ');
}

function sqlStatement(call: TracedCall): string {
  const statement = call.name.replace(/\s+/g, ' ').trim();
  const params = call.args.map((value, index) => `$${index + 1}=${cut(JSON.stringify(value), 40)}`);
  return cut(statement, MAX_SQL) + (params.length > 0 ? ` [${params.join(', ')}]` : '');
}

function showReply(reply: unknown): string {
  if (reply === null || reply === undefined) return '(nil)';
  if (typeof reply === 'number') return `(integer) ${reply}`;
  if (Buffer.isBuffer(reply)) return `<${reply.length} bytes>`;
  if (Array.isArray(reply)) return cut(`[${reply.map(showReply).join(', ')}]`, MAX_REPLY);
  if (typeof reply === 'string') return cut(JSON.stringify(reply), MAX_REPLY);
  return cut(String(reply), MAX_REPLY);
}

/** One log line per traced call, in the order they were sent. */
export function describeCalls(calls: readonly TracedCall[], step: number, runPrefix: string): LogLine[] {
  return calls.map((call) => ({
    step,
    layer: call.layer,
    command: call.layer === 'redis' ? redisCommand(call, runPrefix) : sqlStatement(call),
    reply:
      call.error !== undefined
        ? `(error) ${cut(call.error, MAX_REPLY)}`
        : call.durationMs === null
          ? '(no reply yet)'
          : call.layer === 'sql'
            ? String(call.reply)
            : showReply(call.reply),
    ms: call.durationMs,
  }));
}
