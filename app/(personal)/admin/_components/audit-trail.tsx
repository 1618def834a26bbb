import type { AuditEntry, FieldChange } from '@/lib/admin/types';
import { formatPrice } from '@/lib/catalog/format';

const FIELD_LABELS: Record<FieldChange['field'], string> = {
  name: 'Name',
  slug: 'Slug',
  description: 'Description',
  priceCents: 'Price',
  stock: 'Stock',
  category: 'Category',
  imageUrl: 'Image',
  version: 'Version',
};

const ACTION_LABELS: Record<AuditEntry['action'], string> = {
  create: 'created',
  update: 'changed',
  delete: 'deleted',
};

function shown(field: FieldChange['field'], value: FieldChange['before']): string {
  if (value === null) return '—';
  if (field === 'priceCents' && typeof value === 'number') return formatPrice(value);
  const text = String(value);
  return text.length > 80 ? `${text.slice(0, 79)}…` : text || '(empty)';
}

export const formatWhen = (iso: string) =>
  `${new Date(iso).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'medium', timeZone: 'UTC' })} UTC`;

/** Who changed what and when, newest first: each changed field as before → after. */
export function AuditTrail({
  entries,
  showProduct = false,
}: {
  entries: AuditEntry[];
  showProduct?: boolean;
}) {
  if (entries.length === 0) return <p className="text-zinc-600">No changes recorded yet.</p>;
  return (
    <ol className="space-y-4" data-testid="audit-trail">
      {entries.map((entry) => (
        <li key={entry.id} className="rounded-md border border-zinc-200 bg-white p-4">
          <p className="text-sm">
            <time dateTime={entry.at} className="font-medium">
              {formatWhen(entry.at)}
            </time>{' '}
            — <span className="font-medium">{entry.admin.name}</span>{' '}
            <span className="text-zinc-500">({entry.admin.email})</span> {ACTION_LABELS[entry.action]}{' '}
            {showProduct ? <span className="font-medium">{entry.productName}</span> : 'the product'}
          </p>
          {entry.action === 'update' && entry.changes.length > 0 && (
            <table className="mt-2 w-full text-sm">
              <thead className="sr-only">
                <tr>
                  <th>Field</th>
                  <th>Before</th>
                  <th>After</th>
                </tr>
              </thead>
              <tbody>
                {entry.changes.map((change) => (
                  <tr key={change.field} className="align-top">
                    <th scope="row" className="w-32 py-0.5 pr-3 text-left font-medium text-zinc-600">
                      {FIELD_LABELS[change.field]}
                    </th>
                    <td className="py-0.5 text-zinc-500 line-through decoration-zinc-400">
                      {shown(change.field, change.before)}
                    </td>
                    <td className="py-0.5 pl-2">→ {shown(change.field, change.after)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </li>
      ))}
    </ol>
  );
}
