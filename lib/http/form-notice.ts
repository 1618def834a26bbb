import { z } from 'zod';
import { cookieAttributes } from '../session/cookie';
import type { FormState } from './form-state';

/*
 * What a form sent without JavaScript is told: a refusal, or a "done" with a message. The answer to such a
 * POST is a page, and a personal page is answered by resuming its prerendered shell, which React cannot
 * hand an action's state to (only a fresh render takes it): the form came back empty, its error unsaid.
 * So the answer travels Post/Redirect/Get: lib/http/action.ts sets this short-lived cookie and sends the
 * browser back (303) to the page it posted from; proxy.ts hands that page the notice (NOTICE_HEADER) and
 * clears the cookie with its answer, so a reload shows the page afresh; the page's layout shows it
 * (app/_components/form-notice.tsx).
 *
 * The cookie is the visitor's own: whatever it holds is only ever shown to them, as text, after the
 * schema below has bounded it.
 */

export const NOTICE_COOKIE = 'sf_notice';
/**
 * Set by proxy.ts, and only there (any the client sends is dropped), on a POST to a personal page: the page
 * to send the browser back to. Its presence is what says that page shows notices.
 */
export const BACK_HEADER = 'x-storefront-back';
/** Set by proxy.ts, and only there, on a personal page's request: the notice cookie's value, to render. */
export const NOTICE_HEADER = 'x-storefront-notice';
/** Long enough for the redirect, short enough to forget one that never arrived. */
const NOTICE_SECONDS = 60;
const MAX_TEXT = 300;
const MAX_FIELDS = 20;

export interface FormNotice {
  /** A refusal, or a form's "done" (a password changed): said in red or in green. */
  status: 'ok' | 'error';
  message: string;
  /** Each field's message, by field name. */
  fields: Record<string, string>;
}

const noticeSchema = z.object({
  status: z.enum(['ok', 'error']),
  message: z.string().max(MAX_TEXT),
  fields: z
    .record(z.string().max(64), z.string().max(MAX_TEXT))
    .refine((fields) => Object.keys(fields).length <= MAX_FIELDS),
});

const clip = (text: string) => (text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT - 1)}…` : text);

/** The cookie's value for a form's answer (its message and field messages; never what was typed). */
export function encodeNotice(state: FormState): string {
  const fields = Object.entries(state.fields ?? {})
    .slice(0, MAX_FIELDS)
    .map(([name, message]) => [name.slice(0, 64), clip(message)]);
  const notice: FormNotice = {
    status: state.status === 'ok' ? 'ok' : 'error',
    message: clip(state.message ?? 'That did not work. Please check the form and try again.'),
    fields: Object.fromEntries(fields),
  };
  return Buffer.from(JSON.stringify(notice)).toString('base64url');
}

/** The notice a cookie holds, or undefined for none or anything that is not one. */
export function decodeNotice(value: string | undefined): FormNotice | undefined {
  if (!value) return undefined;
  try {
    const parsed = noticeSchema.safeParse(JSON.parse(Buffer.from(value, 'base64url').toString('utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export const noticeCookieOptions = (secure: boolean) => cookieAttributes(secure, NOTICE_SECONDS);
