import { createHash } from 'node:crypto';
import type { RedisClient } from './client';

/** A Lua script, sent by SHA (EVALSHA) and by source only when a node does not know it yet. */
export interface LuaScript {
  readonly name: string;
  readonly source: string;
  readonly sha: string;
}

// Every script by its SHA, so a trace can name the script behind an EVALSHA (lib/admin/redis-demo). On
// globalThis: Next.js may bundle this module more than once, and a trace names scripts from any bundle.
const globalForScripts = globalThis as unknown as { storefrontScripts?: Map<string, LuaScript> };
const scriptsBySha = (globalForScripts.storefrontScripts ??= new Map());

export function defineScript(name: string, source: string): LuaScript {
  const script = { name, source, sha: createHash('sha1').update(source).digest('hex') };
  scriptsBySha.set(script.sha, script);
  return script;
}

/** The script defined with this SHA in this process, if any. */
export const scriptBySha = (sha: string): LuaScript | undefined => scriptsBySha.get(sha);

type Arg = string | number;

/**
 * Runs `script` on the node that owns `keys`. Every script here takes keys that share one hash tag, so on a
 * Cluster the call is routed by the first key and never fails with CROSSSLOT. A node that restarted (or a
 * Cluster node seeing the script for the first time) answers NOSCRIPT once; the source is sent then.
 */
export async function runScript(
  client: RedisClient,
  script: LuaScript,
  keys: readonly string[],
  args: readonly Arg[],
): Promise<unknown> {
  try {
    return await client.evalsha(script.sha, keys.length, ...keys, ...args);
  } catch (error) {
    if (error instanceof Error && error.message.startsWith('NOSCRIPT')) {
      return client.eval(script.source, keys.length, ...keys, ...args);
    }
    throw error;
  }
}
