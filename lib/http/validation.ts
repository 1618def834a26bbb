import type { z } from 'zod';
import { RequestError } from '../errors';

/**
 * Parses untrusted input (a JSON body, form data) with a Zod schema. A mismatch is a 400 RequestError
 * whose `fields` map each bad field to its first message, ready for the API's `fields` and for forms. A
 * field inside a list is named by its path (`items.0.units`), so a client knows which entry to fix.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const fields: Record<string, string> = {};
  let general: string | undefined;
  for (const issue of result.error.issues) {
    if (issue.path.length === 0) general ??= issue.message;
    else fields[issue.path.map(String).join('.')] ??= issue.message;
  }
  const message = general ?? 'Some fields are not valid';
  throw new RequestError(400, message, Object.keys(fields).length > 0 ? fields : undefined);
}
