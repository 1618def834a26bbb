import 'server-only';
import { cookies, headers } from 'next/headers';
import { redirect, unstable_rethrow } from 'next/navigation';
import type { z } from 'zod';
import { checkCaller } from '../auth/guard';
import { isOutage } from '../errors';
import type { RequestContext } from '../session/current';
import { requestErrorOf } from './failure';
import { BACK_HEADER, encodeNotice, NOTICE_COOKIE, noticeCookieOptions } from './form-notice';
import type { FormState } from './form-state';
import { isHttps } from './request-info';
import { nextRequestContext } from './next-context';
import { parseInput } from './validation';

/*
 * The one wrapper every form's server action goes through (the route wrapper's twin): who is calling first
 * (lib/auth/guard.ts: a disabled account is signed out and told to log in, before its fields are read),
 * then Zod parse of the form fields, the request context (cookies, HTTPS, address) for the session, and
 * errors turned into a FormState the form shows through useActionState — with JavaScript, or after a
 * plain POST without it.
 * A RequestError's message (or PostgreSQL's refusal of a value, ./failure.ts) shows beside the fields and
 * an outage says "try again"; a bug is rethrown, so Next.js logs its stack with a digest and answers 500
 * with the error page (never passed off as an outage).
 * proxy.ts has already refused a request from another site (403) and a body over 1 MB (413).
 * redirect() and notFound() inside `run` pass through (unstable_rethrow).
 */

export interface FormActionOptions {
  /** Fields echoed back on error, so the form keeps what was typed (never passwords). */
  keep?: readonly string[];
  /**
   * `visitor` (the default): a signed-in caller's account is checked first (lib/http/handler.ts, Access);
   * `public`: not looked at (the sign-in forms, which replace the session anyway).
   */
  access?: 'public' | 'visitor';
}

export function formAction<S extends z.ZodType>(
  schema: S,
  run: (input: z.output<S>, ctx: RequestContext) => Promise<FormState | void>,
  options: FormActionOptions = {},
) {
  return async (_previous: FormState, formData: FormData): Promise<FormState> => {
    const fields: Record<string, string> = {};
    for (const [name, value] of formData.entries()) {
      if (typeof value === 'string' && !name.startsWith('$ACTION')) fields[name] = value;
    }
    const values = Object.fromEntries((options.keep ?? []).map((name) => [name, fields[name] ?? '']));
    try {
      const ctx = await nextRequestContext();
      if (options.access !== 'public') await checkCaller(ctx);
      const input = parseInput(schema, fields);
      const done = await run(input, ctx);
      // A "done" with something to say (a password changed) must reach a page without JavaScript too.
      return done?.message ? await answered(done) : (done ?? { status: 'ok' });
    } catch (error) {
      unstable_rethrow(error);
      const refused = requestErrorOf(error, 'action');
      if (refused) {
        // Only a 503 (busy, not refused) is worth sending again by itself; a 429 waits for the person.
        const retryAfterSeconds = refused.status === 503 ? refused.retryAfterSeconds : undefined;
        return await answered({
          status: 'error',
          message: refused.message,
          fields: refused.fields,
          values,
          retryAfterSeconds,
        });
      }
      if (isOutage(error)) {
        console.error(`action: unavailable: ${error instanceof Error ? error.message : String(error)}`);
        return await answered({
          status: 'error',
          message: 'We cannot do that right now. Please try again in a moment.',
          values,
        });
      }
      // A bug: Next.js logs it with its stack and a digest, answers 500, and the error page shows the digest.
      throw error;
    }
  };
}

/**
 * A form's answer, for useActionState. Sent without JavaScript from a personal page (proxy.ts names it in
 * BACK_HEADER), the state could not reach the page that answers the POST (./form-notice.ts): the browser is
 * sent back there instead, with the message in the notice cookie.
 */
async function answered(state: FormState): Promise<FormState> {
  const headerList = await headers();
  const back = headerList.get(BACK_HEADER);
  if (headerList.has('next-action') || !back?.startsWith('/') || back.startsWith('//')) return state;
  (await cookies()).set(NOTICE_COOKIE, encodeNotice(state), noticeCookieOptions(isHttps(headerList)));
  redirect(back);
}
