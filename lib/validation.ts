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
