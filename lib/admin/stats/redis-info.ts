import type { RedisClient } from '../../redis/client';
import {
  durabilityFrom,
  mastersOf,
  parseInfo,
  configValue,
  type PersistenceMode,
  type RedisDurability,
} from '../../redis/durability';

/*
 * Redis's own view: its keyspace hit ratio (every GET of every client, sessions included, so it is not the
 * cache engine's hit rate), memory, and whether it keeps anything on disk. On a Cluster, summed over the
 * masters. CONFIG is often disabled on managed Redis: the persistence mode then says "unknown"
 * (lib/redis/durability.ts).
 */

export { parseInfo, persistenceMode } from '../../redis/durability';

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
  /** The memory budget (maxmemory, summed over the masters); null when a node has none. */
  memoryBudgetBytes: number | null;
  /** `maxmemory-policy` ("unknown" when unreadable). */
  evictionPolicy: string;
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

const bytes = (value: number) =>
  value >= 1024 ** 3
    ? `${(value / 1024 ** 3).toFixed(2)}G`
    : value >= 1024 ** 2
      ? `${(value / 1024 ** 2).toFixed(2)}M`
      : `${(value / 1024).toFixed(2)}K`;

/** The durability part of the figures, for lib/redis/durability.ts's warnings. */
export function durabilityOf(figures: RedisFigures): RedisDurability {
  const { mode, aofEnabled, saveSchedule } = figures.persistence;
  return {
    persistence: mode,
    aofEnabled,
    saveSchedule,
    evictionPolicy: figures.evictionPolicy,
    maxMemoryBytes: figures.maxMemoryBytes,
    usedMemoryBytes: figures.usedMemoryBytes,
    memoryBudgetBytes: figures.memoryBudgetBytes,
  };
}

export async function readRedisFigures(client: RedisClient): Promise<RedisFigures> {
  const nodes = mastersOf(client);
  const infos = await Promise.all(nodes.map(async (node) => parseInfo(await node.info())));
  const sum = (field: string) => infos.reduce((total, info) => total + Number(info.get(field) ?? 0), 0);
  const first = infos[0] ?? new Map<string, string>();
  const firstNode = nodes[0] ?? client;
  const [durability, appendfsync] = await Promise.all([
    durabilityFrom(nodes, infos),
    infos.every((info) => info.get('aof_enabled') === '1')
      ? configValue(firstNode, 'appendfsync')
      : Promise.resolve(null),
  ]);
  const { aofEnabled, saveSchedule } = durability;
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
    memoryBudgetBytes: durability.memoryBudgetBytes,
    evictionPolicy: durability.evictionPolicy,
    evictedKeys: sum('evicted_keys'),
    persistence: {
      mode: durability.persistence,
      aofEnabled,
      saveSchedule,
      appendfsync,
      lastSaveTime: Number.isFinite(lastSave) ? lastSave : null,
      changesSinceLastSave: sum('rdb_changes_since_last_save'),
    },
  };
}
