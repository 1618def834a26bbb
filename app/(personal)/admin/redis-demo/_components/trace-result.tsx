import { formatMs } from '@/lib/admin/redis-demo/format';
import type { ProductTrace, TracedRead } from '@/lib/admin/redis-demo/types';
import { CommandLines } from './demo-log';

function Read({ title, read, testId }: { title: string; read: TracedRead; testId: string }) {
  return (
    <section aria-label={title} className="space-y-1">
      <h3 className="font-semibold">{title}</h3>
      <p className="text-sm text-zinc-600">
        {read.outcome} · the whole read {formatMs(read.elapsedMs)}
      </p>
      {read.lines.length > 0 ? (
        <CommandLines lines={read.lines} testId={testId} />
      ) : (
        <p data-testid={testId} className="text-sm">
          Served from this instance’s memory (L1): nothing was sent to Redis or PostgreSQL.
        </p>
      )}
    </section>
  );
}

/** One product read three times: cold, warm in this instance, warm in another. */
export function TraceResult({ trace }: { trace: ProductTrace }) {
  return (
    <div className="space-y-6">
      <p className="text-sm">
        Traced <code className="font-mono">{trace.slug}</code>:
      </p>
      <Read title="Cold: right after an invalidation" read={trace.cold} testId="trace-cold" />
      <Read title="Warm, same instance" read={trace.warmL1} testId="trace-warm-l1" />
      <Read title="Warm, another instance (its L1 empty)" read={trace.warmRedis} testId="trace-warm-redis" />
    </div>
  );
}
