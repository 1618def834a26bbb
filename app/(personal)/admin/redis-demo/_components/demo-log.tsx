import { formatMs } from '@/lib/admin/redis-demo/format';
import type { LogLine } from '@/lib/admin/redis-demo/types';

/** Commands one a line: the step, the command as sent, its reply and its latency. */
export function CommandLines({ lines, testId }: { lines: LogLine[]; testId: string }) {
  return (
    <ol data-testid={testId} className="divide-y divide-zinc-100 font-mono text-xs">
      {lines.map((line, index) => (
        <li key={index} className="grid grid-cols-[2rem_1fr_5rem] gap-2 py-1">
          <span className="text-zinc-400">{line.step > 0 ? line.step : index + 1}</span>
          <span className="break-all">
            {line.layer === 'sql' && (
              <span className="mr-1 rounded bg-amber-100 px-1 text-amber-900">SQL</span>
            )}
            {line.command} <span className="text-zinc-500">→</span>{' '}
            <span className="text-brand-700">{line.reply}</span>
          </span>
          <span className="text-right tabular-nums text-zinc-600">{formatMs(line.ms)}</span>
        </li>
      ))}
    </ol>
  );
}
