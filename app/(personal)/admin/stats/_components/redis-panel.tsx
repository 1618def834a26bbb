import type { RedisFigures } from '@/lib/admin/stats';
import { count, percent } from './format';

const MODE_LABELS: Record<RedisFigures['persistence']['mode'], string> = {
  'aof+rdb': 'AOF and RDB snapshots',
  aof: 'AOF (append-only file)',
  rdb: 'RDB snapshots only',
  none: 'None: nothing is kept on disk',
  unknown: 'Unknown (CONFIG GET is refused here, and AOF is off)',
};

function Figure({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <div>
      <dt className="text-sm text-zinc-600">{label}</dt>
      <dd className="font-semibold tabular-nums" data-testid={testId}>
        {value}
      </dd>
    </div>
  );
}

/**
 * One Redis's own figures: every client's lookups, memory against its budget (used_memory vs maxmemory: the
 * cache Redis's must have one), what reaches disk and what it evicts when full, with the warnings its role
 * calls for (sessions lost or evicted, a cache that cannot evict).
 */
export function RedisPanel({
  redis,
  warnings,
  role,
}: {
  redis: RedisFigures;
  warnings: string[];
  /** `redis` or `session-redis`: prefixes the test ids, so two panels can be told apart. */
  role: 'redis' | 'session-redis';
}) {
  const { persistence } = redis;
  const lastSave = persistence.lastSaveTime
    ? `${new Date(persistence.lastSaveTime * 1000).toISOString().replace('T', ' ').slice(0, 19)} UTC`
    : '—';
  return (
    <div className="space-y-4">
      <dl className="grid gap-4 rounded-lg border border-zinc-200 bg-white p-4 sm:grid-cols-3">
        <Figure label="Keyspace hit ratio" value={percent(redis.keyspaceHitRatio)} testId="redis-hit-ratio" />
        <Figure label="Keyspace hits" value={count(redis.keyspaceHits)} testId="redis-keyspace-hits" />
        <Figure label="Keyspace misses" value={count(redis.keyspaceMisses)} testId="redis-keyspace-misses" />
        <Figure label="Memory used" value={redis.usedMemoryHuman} testId={`${role}-memory`} />
        <Figure
          label="Memory budget (maxmemory)"
          value={
            redis.memoryBudgetBytes ? `${count(Math.round(redis.memoryBudgetBytes / 1024 ** 2))} MB` : 'none'
          }
          testId={`${role}-memory-budget`}
        />
        <Figure
          label="Budget used"
          value={redis.memoryBudgetBytes ? percent(redis.usedMemoryBytes / redis.memoryBudgetBytes) : '—'}
          testId={`${role}-memory-budget-used`}
        />
        <Figure label="Evicted keys" value={count(redis.evictedKeys)} />
        <Figure label="Eviction policy" value={redis.evictionPolicy} testId={`${role}-eviction-policy`} />
        <Figure label="Persistence" value={MODE_LABELS[persistence.mode]} testId={`${role}-persistence`} />
        <Figure
          label="RDB schedule (CONFIG GET save)"
          value={persistence.saveSchedule === null ? 'not readable' : persistence.saveSchedule || 'off'}
        />
        <Figure
          label="Last RDB save / changes since"
          value={`${lastSave} / ${count(persistence.changesSinceLastSave)}`}
        />
      </dl>
      {warnings.map((warning) => (
        <p
          key={warning}
          role="alert"
          className="rounded-md border border-amber-300 bg-amber-50 px-4 py-3 text-amber-900"
          data-testid={`${role}-warning`}
        >
          <strong>Warning:</strong> {warning}
        </p>
      ))}
      <p className="text-sm text-zinc-600">
        Redis {redis.version}
        {redis.nodes > 1 ? `, ${redis.nodes} masters summed` : ''}. Its keyspace ratio counts every lookup by
        every client since Redis started — sessions, carts, locks and namespace versions included — so it is
        not the cache&rsquo;s hit rate above.
      </p>
    </div>
  );
}
