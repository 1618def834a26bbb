import { z } from 'zod';

/*
 * Field rules shared by every schema of the storefront (catalog queries, cart and admin forms, route
 * parameters). Plain module: client components may import the schemas built on it.
 */

/** A slug: lower-case letters and digits in dash-separated words ("blue-kettle-2"). */
export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * A whole number typed as text (a form field, a query or path parameter): digits only, surrounding space
 * ignored, at most nine of them so the value always fits PostgreSQL's integer. Pipe it into the range.
 */
export const wholeNumberText = (message: string) =>
  z
    .string({ error: message })
    .trim()
    .regex(/^\d{1,9}$/, { error: message })
    .transform(Number);

/*
 * Control characters and broken UTF-16 in text. PostgreSQL refuses NUL in a text value (22021, a 500 if
 * it got that far), the rest are stored and then break logs, CSV exports and what other tools show; and a
 * lone surrogate cannot be encoded at all, so postgres.js would write U+FFFD instead of what was sent.
 * Nobody types any of them into a name, an e-mail address, a password or a search box, so they are
 * refused with a field message rather than stripped. Fields bound to a pattern (slugs, digits, the image
 * path, the idempotency key) already exclude them.
 */

// Unicode's Cc (C0, DEL, C1), and with the `u` flag \p{Cs} matches only a surrogate without its other half.
const CONTROL_OR_LONE_SURROGATE = /[\u0000-\u001f\u007f-\u009f]|\p{Cs}/u;
// The same, less the tab, line feed and carriage return that text of several lines holds.
const CONTROL_OR_LONE_SURROGATE_BUT_LAYOUT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]|\p{Cs}/u;

/** A check for one-line text (names, e-mail addresses, passwords, searches): no control character at all. */
export const singleLineText = (message: string) =>
  z.refine<string>((text) => !CONTROL_OR_LONE_SURROGATE.test(text), { error: message });

/** A check for text of several lines (a description): tabs and line breaks, and no other control character. */
export const multiLineText = (message: string) =>
  z.refine<string>((text) => !CONTROL_OR_LONE_SURROGATE_BUT_LAYOUT.test(text), { error: message });
