/**
 * A `?next=` target that stays on this site: a path starting with one "/", never "//host" or "/\host"
 * (which browsers treat as another origin). Anything else is ignored, so a link cannot send a shopper
 * from our login page to someone else's.
 */
export function safeNextPath(next: string | null | undefined): string | undefined {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return undefined;
  if (next.length > 512 || /[\u0000-\u001f]/.test(next)) return undefined;
  return next;
}
