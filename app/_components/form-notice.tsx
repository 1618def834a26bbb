import { headers } from 'next/headers';
import { decodeNotice, NOTICE_HEADER } from '@/lib/http/form-notice';

/**
 * What a form sent without JavaScript was told (lib/http/form-notice.ts): its message and each field's,
 * above the page it was sent back to, in red for a refusal and green for a "done". With JavaScript the
 * form shows its own state instead, and no notice is set.
 */
export async function FormNotice() {
  const notice = decodeNotice((await headers()).get(NOTICE_HEADER) ?? undefined);
  if (!notice) return null;
  const fieldMessages = [...new Set(Object.values(notice.fields))];
  const tone =
    notice.status === 'ok'
      ? 'border-emerald-200 bg-emerald-50 text-emerald-800'
      : 'border-red-200 bg-red-50 text-red-800';
  return (
    <div
      role={notice.status === 'ok' ? 'status' : 'alert'}
      data-testid="form-notice"
      className={`mx-auto mb-6 max-w-2xl rounded-md border px-4 py-3 ${tone}`}
    >
      <p>{notice.message}</p>
      {fieldMessages.length > 0 && (
        <ul className="mt-2 list-disc space-y-1 pl-5 text-sm">
          {fieldMessages.map((message) => (
            <li key={message}>{message}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
