import type { Metadata } from 'next';
import { getRedisDemo } from '@/lib/admin/redis-demo';
import { requireRolePage } from '@/lib/pages/page-guard';
import { pageData } from '@/lib/pages/page-data';
import { DemoControls } from './_components/demo-controls';
import { CommandLines } from './_components/demo-log';
import { StepList } from './_components/step-list';
import { TraceForm } from './_components/trace-form';
import { TraceResult } from './_components/trace-result';

export const metadata: Metadata = { title: 'Redis demo' };

export default async function RedisDemoPage() {
  const { ctx } = await requireRolePage('/admin/redis-demo', 'admin');
  const demo = await pageData('/admin/redis-demo', () => getRedisDemo(ctx));
  const finished = demo.next > demo.steps.length;

  return (
    <div className="space-y-10">
      <div className="space-y-2">
        <h1 className="text-3xl font-bold tracking-tight">Redis demo</h1>
        <p className="max-w-3xl text-sm text-zinc-600">
          The storefront’s Redis patterns, run for real: each step sends its commands through the shop’s own
          client, key builders and Lua scripts, on keys of your run only (they expire within 10 minutes;
          “Reset” deletes them at once). Every command is listed as it left the client, with Redis’s reply and
          the measured latency.
          {demo.runPrefix && (
            <>
              {' '}
              Keys below start with <code className="font-mono">{demo.runPrefix}</code>, shown as{' '}
              <code className="font-mono">~</code>.
            </>
          )}
        </p>
      </div>

      <section aria-labelledby="steps-heading" className="space-y-4">
        <h2 id="steps-heading" className="text-xl font-semibold">
          Steps
        </h2>
        <DemoControls finished={finished} />
        <StepList steps={demo.steps} next={demo.next} />
      </section>

      <section aria-labelledby="log-heading" className="space-y-3">
        <h2 id="log-heading" className="text-xl font-semibold">
          Commands
        </h2>
        {demo.log.length === 0 && <p className="text-sm text-zinc-600">Nothing ran yet: press “Step”.</p>}
        <CommandLines lines={demo.log} testId="demo-log" />
      </section>

      <section aria-labelledby="trace-heading" className="space-y-4">
        <h2 id="trace-heading" className="text-xl font-semibold">
          Trace a page view
        </h2>
        <p className="max-w-3xl text-sm text-zinc-600">
          A product page’s own read (the same function, on an engine of your run’s keys): cold right after an
          invalidation, then warm twice. Every Redis command and SQL statement it sent is listed in order,
          with its time.
        </p>
        <TraceForm products={demo.products} slug={demo.trace?.slug ?? demo.products[0] ?? ''} />
        {demo.trace && <TraceResult trace={demo.trace} />}
      </section>
    </div>
  );
}
