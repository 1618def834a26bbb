import type Redis from 'ioredis';
import type { RedisClient } from './client';

/*
 * Whether a Redis keeps what it is given: what reaches disk (AOF, RDB snapshots) and what it deletes when
 * full (maxmemory-policy). Sessions and carts must survive a restart and never be evicted; the cache may be
 * both lost and evicted. Read from INFO (always allowed) and CONFIG GET (often disabled or renamed on
 * managed Redis: then "unknown", never an error). On a Cluster every master is asked; the weakest answers.
 */

export type PersistenceMode = 'aof+rdb' | 'aof' | 'rdb' | 'none' | 'unknown';

export interface RedisDurability {
  persistence: PersistenceMode;
  /** AOF on every master (INFO persistence's `aof_enabled`). */
  aofEnabled: boolean;
  /** `CONFIG GET save`: "" when snapshots are off; null when CONFIG is refused. */
  saveSchedule: string | null;
  /** `maxmemory-policy` (INFO memory, else CONFIG GET); several joined by "," when masters differ. */
  evictionPolicy: string;
  /** `maxmemory` in bytes (0: no limit); null when unreadable. The smallest over the masters. */
  maxMemoryBytes: number | null;
  /** `used_memory` in bytes, summed over the masters; null when unreadable. */
  usedMemoryBytes: number | null;
  /** The memory budget: `maxmemory` summed over the masters; null when any has none (0) or it is unreadable. */
  memoryBudgetBytes: number | null;
}

/** Which data a Redis holds, which decides what about it is worth a warning. */
export type RedisRole = 'sessions' | 'cache' | 'shared';

/** INFO's `key:value` lines as a map (section headers and blank lines dropped). */
export function parseInfo(text: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const at = line.indexOf(':');
    if (at > 0 && !line.startsWith('#')) fields.set(line.slice(0, at), line.slice(at + 1).trim());
  }
  return fields;
}

export function persistenceMode(aofEnabled: boolean, saveSchedule: string | null): PersistenceMode {
  const rdb = saveSchedule === null ? null : saveSchedule.trim() !== '';
  if (aofEnabled) return rdb ? 'aof+rdb' : 'aof';
  if (rdb === null) return 'unknown';
  return rdb ? 'rdb' : 'none';
}

/** One CONFIG GET value, or null when CONFIG is refused (disabled, renamed, not allowed to this user). */
export async function configValue(node: Redis | RedisClient, name: string): Promise<string | null> {
  try {
    const reply = (await node.config('GET', name)) as unknown;
    return Array.isArray(reply) && typeof reply[1] === 'string' ? reply[1] : null;
  } catch {
    return null;
  }
}

/** The masters to ask: every master of a Cluster, or the one server. */
export function mastersOf(client: RedisClient): (Redis | RedisClient)[] {
  return 'nodes' in client ? client.nodes('master') : [client];
}

/**
 * Durability from each master's INFO (already read by the caller, one map per master) plus CONFIG GET
 * where INFO does not say (the RDB schedule; the eviction policy on a Redis too old to list it in INFO).
 */
export async function durabilityFrom(
  masters: (Redis | RedisClient)[],
  infos: Map<string, string>[],
): Promise<RedisDurability> {
  const first = masters[0];
  const aofEnabled = infos.length > 0 && infos.every((info) => info.get('aof_enabled') === '1');
  const saveSchedule = first ? await configValue(first, 'save') : null;
  const policies = await Promise.all(
    infos.map(async (info, index) => {
      const node = masters[index];
      return info.get('maxmemory_policy') ?? (node ? await configValue(node, 'maxmemory-policy') : null);
    }),
  );
  const known = [...new Set(policies.filter((policy): policy is string => !!policy))];
  const limits = infos.map((info) => Number(info.get('maxmemory') ?? NaN));
  const used = infos.map((info) => Number(info.get('used_memory') ?? NaN));
  const readable = (values: number[]) => values.length > 0 && values.every(Number.isFinite);
  const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
  return {
    persistence: persistenceMode(aofEnabled, saveSchedule),
    aofEnabled,
    saveSchedule,
    evictionPolicy: known.length === 0 || known.length < new Set(policies).size ? 'unknown' : known.join(','),
    maxMemoryBytes: readable(limits) ? Math.min(...limits) : null,
    usedMemoryBytes: readable(used) ? sum(used) : null,
    memoryBudgetBytes: readable(limits) && limits.every((limit) => limit > 0) ? sum(limits) : null,
  };
}

/** Asks a Redis (every master of a Cluster) what it keeps and what it evicts. */
export async function readDurability(client: RedisClient): Promise<RedisDurability> {
  const masters = mastersOf(client);
  const infos = await Promise.all(
    masters.map(async (node) => parseInfo(`${await node.info('persistence')}\n${await node.info('memory')}`)),
  );
  return durabilityFrom(masters, infos);
}

const NAMES: Record<RedisRole, string> = {
  sessions: 'the session Redis (SESSION_REDIS_URL)',
  cache: 'the cache Redis (REDIS_URL)',
  shared: 'Redis, which holds the sessions and carts beside the cache,',
};

/**
 * What an operator must hear about a Redis in its role. Sessions and carts (role `sessions`, or `shared`)
 * could be lost (nothing on disk, or only RDB snapshots) or evicted (any policy but `noeviction`: sessions
 * carry TTLs, so the volatile-* policies take them too). The cache (`cache`) may lose anything, but with
 * `noeviction` or no `maxmemory` a full Redis refuses cache writes, or grows until the machine runs out.
 */
export function durabilityWarnings(role: RedisRole, durability: RedisDurability): string[] {
  const name = NAMES[role];
  const warnings: string[] = [];
  if (role === 'cache') {
    if (durability.evictionPolicy === 'noeviction') {
      warnings.push(
        `The cache could stop caching: ${name} has maxmemory-policy noeviction, so once full it refuses every cache write (pages then come from PostgreSQL). Use allkeys-lru with a maxmemory.`,
      );
    } else if (durability.maxMemoryBytes === 0) {
      warnings.push(
        `The cache Redis could grow without bound: ${name} has no maxmemory, so ${durability.evictionPolicy} never runs. Set a maxmemory.`,
      );
    }
    return warnings;
  }
  const lose = `Sessions and carts could be lost: ${name}`;
  if (durability.persistence === 'none') {
    warnings.push(
      `${lose} keeps nothing on disk (no AOF, no RDB snapshots); a restart signs every shopper out and empties every cart. Turn on AOF (appendonly yes).`,
    );
  } else if (durability.persistence === 'rdb') {
    warnings.push(
      `${lose} only takes RDB snapshots, so a crash loses every session and cart change since the last one. Turn on AOF (appendonly yes).`,
    );
  } else if (durability.persistence === 'unknown') {
    warnings.push(
      `${lose} has AOF off, and whether it takes RDB snapshots is unknown (CONFIG GET is refused). Turn on AOF (appendonly yes).`,
    );
  }
  if (durability.evictionPolicy === 'unknown') {
    warnings.push(
      `Sessions and carts could be evicted: the maxmemory-policy of ${name} cannot be read. It must be noeviction.`,
    );
  } else if (durability.evictionPolicy !== 'noeviction') {
    warnings.push(
      `Sessions and carts could be evicted: ${name} has maxmemory-policy ${durability.evictionPolicy}, which deletes keys when memory is full (sessions carry TTLs, so volatile-* policies take them too). Set noeviction${role === 'shared' ? ', or move sessions to their own Redis (SESSION_REDIS_URL)' : ''}.`,
    );
  }
  return warnings;
}
