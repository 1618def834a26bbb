import type { NamespaceCounters } from '@/lib/admin/stats';
import { count, NAMESPACE_LABELS, percent } from './format';

/** The engine's counters per namespace: this instance's, since it started. */
export function CacheTable({ namespaces }: { namespaces: NamespaceCounters[] }) {
  return (
    <div className="overflow-x-auto rounded-lg border border-zinc-200 bg-white">
      <table className="w-full text-right text-sm tabular-nums">
        <thead className="border-b border-zinc-200 bg-zinc-50 text-zinc-600">
          <tr>
            <th className="px-3 py-2 text-left font-medium">Namespace</th>
            <th className="px-3 py-2 font-medium">Hit rate</th>
            <th className="px-3 py-2 font-medium">Hits</th>
            <th className="px-3 py-2 font-medium">Misses</th>
            <th className="px-3 py-2 font-medium">Stale</th>
            <th className="px-3 py-2 font-medium">Negative</th>
            <th className="px-3 py-2 font-medium">Loads</th>
            <th className="px-3 py-2 font-medium">Lock waits</th>
            <th className="px-3 py-2 font-medium">Redis errors</th>
          </tr>
        </thead>
        <tbody>
          {namespaces.map((row) => (
            <tr key={row.namespace} className="border-b border-zinc-100 last:border-0">
              <th scope="row" className="px-3 py-2 text-left font-medium">
                {NAMESPACE_LABELS[row.namespace] ?? row.namespace}{' '}
                <span className="font-normal text-zinc-500">({row.namespace})</span>
              </th>
              <td
                data-testid={`hit-rate-${row.namespace}`}
                className={`px-3 py-2 font-semibold ${row.hitRate !== null && row.hitRate < 0.9 ? 'text-amber-700' : ''}`}
              >
                {percent(row.hitRate)}
              </td>
              <td className="px-3 py-2" data-testid={`hits-${row.namespace}`}>
                {count(row.hit)}
              </td>
              <td className="px-3 py-2" data-testid={`misses-${row.namespace}`}>
                {count(row.miss)}
              </td>
              <td className="px-3 py-2">{count(row.stale)}</td>
              <td className="px-3 py-2">{count(row.negative)}</td>
              <td className="px-3 py-2">{count(row.loads)}</td>
              <td className="px-3 py-2">{count(row.lockWaits)}</td>
              <td className="px-3 py-2">{count(row.errors)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
