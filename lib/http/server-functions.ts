import { extractInfoFromServerReferenceId } from 'next/dist/shared/lib/server-reference-info.js';

/*
 * Which server function a POST asks Next.js to run. Next.js registers every `'use cache'` function as a
 * server reference beside the real server actions, and its action handler runs whichever id a request
 * names: anyone could call lib/pages/catalog-data.ts's functions with arguments of their own (a featured
 * list of 100,000 products, a page per made-up query), each call loading from PostgreSQL and leaving a new
 * entry in Redis. No page of ours ever calls one from the browser, so proxy.ts refuses them all.
 *
 * An id is 42 hex characters whose first byte's high bit marks a `'use cache'` function (decoded by
 * Next.js's own next/dist/shared/lib/server-reference-info.js). It arrives in the `Next-Action` header (a call from
 * JavaScript) or, for a form posted without JavaScript, in the body: a field named `$ACTION_ID_<id>`, or
 * `$ACTION_<n>:0` holding `{"id":"<id>",…}` (React's decodeAction).
 */

const REFERENCE_ID = /^[0-9a-f]{42}$/i;

/** Whether `id` names a `'use cache'` function rather than a server action (read as Next.js reads it). */
export function isCacheFunctionId(id: string): boolean {
  return REFERENCE_ID.test(id) && extractInfoFromServerReferenceId(id).type === 'use-cache';
}

const FORM_TYPES = /^(multipart\/form-data|application\/x-www-form-urlencoded)\b/i;

/** Whether a request asks for a `'use cache'` function to be run as a server action. */
export async function callsCacheFunction(request: Request): Promise<boolean> {
  const header = request.headers.get('next-action');
  if (header !== null) return isCacheFunctionId(header.trim());
  if (!FORM_TYPES.test(request.headers.get('content-type') ?? '') || !request.body) return false;
  let form: FormData;
  try {
    form = await request.clone().formData();
  } catch {
    // Not a form Next.js could read either: it refuses it without running anything.
    return false;
  }
  for (const [name, value] of form) {
    if (name.startsWith('$ACTION_ID_') && isCacheFunctionId(name.slice('$ACTION_ID_'.length))) return true;
    if (/^\$ACTION_\d+:0$/.test(name) && typeof value === 'string' && isCacheFunctionId(idIn(value))) {
      return true;
    }
  }
  return false;
}

function idIn(descriptor: string): string {
  try {
    const parsed: unknown = JSON.parse(descriptor);
    const id = (parsed as { id?: unknown } | null)?.id;
    return typeof id === 'string' ? id : '';
  } catch {
    return '';
  }
}
