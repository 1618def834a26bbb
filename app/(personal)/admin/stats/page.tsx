import type { Metadata } from 'next';
import { requireRolePage } from '@/lib/pages/page-guard';
import { getOperatorStats } from '@/lib/admin/stats';
import { AutoRefresh } from './_components/auto-refresh';
import { CacheTable } from './_components/cache-table';
import { CheckoutChart } from './_components/checkout-chart';
import { count } from './_components/format';
import { HitRateChart } from './_components/hit-rate-chart';
import { RedisPanel } from './_components/redis-panel';
import { SalePanel } from './_components/sale-panel';

export const metadata: Metadata = { title: 'Operator stats' };

const REFRESH_SECONDS = 10;

function Section({ id, title, children }: { id: string; title: string; children: React.ReactNode }) {
  return (
    <section aria-labelledby={id} className="space-y-3">
      <h2 id={id} className="text-xl font-semibold">
        {title}
      </h2>
      {children}
    </section>
  );
}

export default async function OperatorStatsPage() {
  const { ctx } = await requireRolePage('/admin/stats', 'admin');
  const stats = await getOperatorStats(ctx);
  const { cache, redis, sessionRedis, separateSessionRedis, redisWarnings, sessions, postgres } = stats;

  return (
    <div className="space-y-10">
      <AutoRefresh seconds={REFRESH_SECONDS} />
      <div>
        <h1 className="text-3xl font-bold tracking-tight">Operator stats</h1>
        <p className="mt-1 text-sm text-zinc-600">
          Refreshes every {REFRESH_SECONDS} s · as of{' '}
          <time dateTime={stats.at}>{stats.at.slice(11, 19)} UTC</time> · instance pid {stats.instance.pid},
          up {count(stats.instance.uptimeSeconds)} s
        </p>
      </div>
      {stats.problems.length > 0 && (
        <ul
          role="alert"
          className="rounded-md border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-900"
        >
          {stats.problems.map((problem) => (
            <li key={problem}>{problem}</li>
          ))}
        </ul>
      )}

      <Section id="cache-heading" title="Cache hit rate, this instance">
        <p className="text-sm text-zinc-600">
          The engine&rsquo;s counters (as at <code>/api/metrics</code>) since this instance started; each
          instance counts its own. Hit rate = hits ÷ (hits + misses + stale); the aim is 90% or more. Loads
          are PostgreSQL queries the cache ran; lock waits are reads that waited for another&rsquo;s load
          instead of querying too.
        </p>
        <CacheTable namespaces={cache.namespaces} />
        <p className="text-sm text-zinc-600">
          Circuit breaker <strong>{cache.status.circuit}</strong> · invalidation bus{' '}
          <strong>{cache.status.bus}</strong> · {count(cache.status.l1Entries)} entries in this
          instance&rsquo;s memory · {count(cache.status.pendingInvalidations)} invalidations waiting for Redis
        </p>
      </Section>

      <Section id="chart-heading" title="Hit rate over the last hour, all instances">
        {stats.series ? <HitRateChart points={stats.series} /> : <p>Not available (see above).</p>}
        <p className="text-sm text-zinc-600">
          Every instance adds its counts to per-minute buckets in Redis every 10 s, so this chart covers the
          whole fleet and lags by up to 10 s.
        </p>
      </Section>

      <Section id="checkouts-heading" title="Orders per minute, last hour, all instances">
        {stats.checkouts ? <CheckoutChart minutes={stats.checkouts} /> : <p>Not available (see above).</p>}
        <p className="text-sm text-zinc-600">
          Each checkout adds one to its outcome&rsquo;s count in the current minute&rsquo;s Redis bucket as it
          finishes. In a flash sale, refusals outnumbering orders is the gate doing its job.
        </p>
      </Section>

      <Section id="sales-heading" title="Sales running now, all instances">
        {stats.sales ? <SalePanel sales={stats.sales} /> : <p>Not available (see above).</p>}
        <p className="text-sm text-zinc-600">
          Units left are the sale gate&rsquo;s (Redis: checkouts under way hold theirs); refusals come from
          the same per-minute buckets as the orders above.
        </p>
      </Section>

      <Section
        id="redis-heading"
        title={separateSessionRedis ? 'Cache Redis (REDIS_URL)' : 'Redis (cache, sessions and carts)'}
      >
        {redis ? (
          <RedisPanel redis={redis} warnings={redisWarnings.redis} role="redis" />
        ) : (
          <p>Not available (see above).</p>
        )}
      </Section>

      {separateSessionRedis && (
        <Section id="session-redis-heading" title="Session Redis (SESSION_REDIS_URL: sessions, carts, stock)">
          {sessionRedis ? (
            <RedisPanel redis={sessionRedis} warnings={redisWarnings.sessionRedis} role="session-redis" />
          ) : (
            <p>Not available (see above).</p>
          )}
        </Section>
      )}

      <div className="grid gap-10 md:grid-cols-2">
        <Section id="sessions-heading" title="Active sessions">
          {sessions ? (
            <p>
              <span className="text-3xl font-semibold tabular-nums" data-testid="session-count">
                {sessions.complete ? '' : 'at least '}
                {count(sessions.count)}
              </span>{' '}
              <span className="text-sm text-zinc-600">
                (signed-in and guest; a bounded SCAN — of {count(sessions.dbsize)} keys in this Redis
                database)
              </span>
            </p>
          ) : (
            <p>Not available (see above).</p>
          )}
        </Section>
        <Section id="postgres-heading" title="PostgreSQL connections">
          {postgres ? (
            <div className="text-sm">
              <p>
                <span className="text-3xl font-semibold tabular-nums" data-testid="pg-connections">
                  {count(postgres.total)}
                </span>{' '}
                <span className="text-zinc-600">
                  open by the storefront (all instances) of {count(postgres.maxConnections)} the server allows
                </span>
              </p>
              <ul className="mt-2 text-zinc-700">
                {Object.entries(postgres.byState).map(([state, connections]) => (
                  <li key={state}>
                    {state}: {count(connections)}
                  </li>
                ))}
              </ul>
            </div>
          ) : (
            <p>Not available (see above).</p>
          )}
        </Section>
      </div>
    </div>
  );
}
