import type Redis from 'ioredis';
import type { RedisClient } from '../../redis/client';

/*
 * Redis's own view: its keyspace hit ratio (every GET of every client, sessions included, so it is not the
 * cache engine's hit rate), memory, and whether it keeps anything on disk. On a Cluster, summed over the
 * masters. CONFIG is often disabled on managed Redis: the persistence mode then says "unknown".
 */

export type PersistenceMode = 'aof+rdb' | 'aof' | 'rdb' | 'none' | 'unknown';

export interface RedisFigures {
  version: string;
  nodes: number;
  keyspaceHits: number;
  keyspaceMisses: number;
  /** hits / (hits + misses) since Redis started (or since CONFIG RESETSTAT); null before any lookup. */
  keyspaceHitRatio: number | null;
  usedMemoryBytes: number;
  /** Redis's own rendering of the first node's memory ("1.52M"); the sum for a Cluster. */
  usedMemoryHuman: string;
  maxMemoryBytes: number;
  evictedKeys: number;
  persistence: {
    mode: PersistenceMode;
    aofEnabled: boolean;
    /** `CONFIG GET save`: "" when snapshots are off; null when CONFIG is refused. */
    saveSchedule: string | null;
    appendfsync: string | null;
    /** Unix seconds of the last successful RDB save. */
    lastSaveTime: number | null;
    changesSinceLastSave: number;
  };
}

/** INFO's `key:value` lines as a map (section headers and blank lines dropped). */
export function parseInfo(text: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const at = line.indexOf(':');
    if (at > 0 && !line.startsWith('#')) fields.set(line.slice(0, at), line.slice(at + 1).trim());
  }
  return fields;
}

async function configValue(node: Redis | RedisClient, name: string): Promise<string | null> {
  try {
    const reply = (await node.config('GET', name)) as unknown;
    return Array.isArray(reply) && typeof reply[1] === 'string' ? reply[1] : null;
  } catch {
    return null;
  }
}

export function persistenceMode(aofEnabled: boolean, saveSchedule: string | null): PersistenceMode {
  const rdb = saveSchedule === null ? null : saveSchedule.trim() !== '';
  if (aofEnabled) return rdb ? 'aof+rdb' : 'aof';
  if (rdb === null) return 'unknown';
  return rdb ? 'rdb' : 'none';
}

const bytes = (value: number) =>
  value >= 1024 ** 3
    ? `${(value / 1024 ** 3).toFixed(2)}G`
    : value >= 1024 ** 2
      ? `${(value / 1024 ** 2).toFixed(2)}M`
      : `${(value / 1024).toFixed(2)}K`;

export async function readRedisFigures(client: RedisClient): Promise<RedisFigures> {
  const nodes: (Redis | RedisClient)[] = 'nodes' in client ? client.nodes('master') : [client];
  const infos = await Promise.all(nodes.map(async (node) => parseInfo(await node.info())));
  const sum = (field: string) => infos.reduce((total, info) => total + Number(info.get(field) ?? 0), 0);
  const first = infos[0] ?? new Map<string, string>();
  const firstNode = nodes[0] ?? client;
  const aofEnabled = infos.length > 0 && infos.every((info) => info.get('aof_enabled') === '1');
  const [saveSchedule, appendfsync] = await Promise.all([
    configValue(firstNode, 'save'),
    aofEnabled ? configValue(firstNode, 'appendfsync') : Promise.resolve(null),
  ]);
  const keyspaceHits = sum('keyspace_hits');
  const keyspaceMisses = sum('keyspace_misses');
  const lookups = keyspaceHits + keyspaceMisses;
  const usedMemoryBytes = sum('used_memory');
  const lastSave = Number(first.get('rdb_last_save_time') ?? NaN);
  return {
    version: first.get('redis_version') ?? 'unknown',
    nodes: nodes.length,
    keyspaceHits,
    keyspaceMisses,
    keyspaceHitRatio: lookups === 0 ? null : keyspaceHits / lookups,
    usedMemoryBytes,
    usedMemoryHuman:
      nodes.length === 1
        ? (first.get('used_memory_human') ?? bytes(usedMemoryBytes))
        : bytes(usedMemoryBytes),
    maxMemoryBytes: sum('maxmemory'),
    evictedKeys: sum('evicted_keys'),
    persistence: {
      mode: persistenceMode(aofEnabled, saveSchedule),
      aofEnabled,
      saveSchedule,
      appendfsync,
      lastSaveTime: Number.isFinite(lastSave) ? lastSave : null,
      changesSinceLastSave: sum('rdb_changes_since_last_save'),
    },
  };
}
