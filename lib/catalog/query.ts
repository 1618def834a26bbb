import { z } from 'zod';
import { SLUG_PATTERN, singleLineText, wholeNumberText } from '../validation';
import { productSorts, type ListingQuery } from './types';

export const LISTING_PAGE_SIZE = 24;
const MAX_PAGE_SIZE = 100;
const MAX_QUERY_LENGTH = 200;
// Deep pages cost PostgreSQL an OFFSET scan; nobody browses past this, and crawlers must not make us try.
const MAX_PAGE = 10_000;

export const slugSchema = z
  .string()
  .min(1)
  .max(120)
  .regex(SLUG_PATTERN, 'must be lower-case letters, digits and dashes');

const wholeNumber = (name: string, min: number, max: number) =>
  wholeNumberText(`${name} must be a whole number`).pipe(
    z.number().min(min, `${name} must be at least ${min}`).max(max, `${name} must be at most ${max}`),
  );

const listingSchema = z.object({
  page: wholeNumber('page', 1, MAX_PAGE).optional(),
  pageSize: wholeNumber('pageSize', 1, MAX_PAGE_SIZE).optional(),
  category: slugSchema.optional(),
  q: z
    .string()
    .check(singleLineText('search text cannot contain control or invalid characters'))
    .max(MAX_QUERY_LENGTH, `search text must be at most ${MAX_QUERY_LENGTH} characters`)
    .transform((q) => q.trim().replace(/\s+/g, ' '))
    .optional(),
  sort: z.enum(productSorts, { error: `sort must be one of ${productSorts.join(', ')}` }).optional(),
});

export type ParsedListing =
  { ok: true; query: ListingQuery } | { ok: false; error: string; fields: Record<string, string> };

type SearchParams = Record<string, string | string[] | undefined>;

/**
 * Reads a listing's query string. Pages pass it as is (page size fixed at 24); the JSON API allows a
 * `pageSize` up to 100. Empty values count as absent, so a form submitted with blanks still works.
 */
export function parseListingParams(
  params: SearchParams,
  options: { allowPageSize?: boolean } = {},
): ParsedListing {
  const raw: Record<string, string> = {};
  for (const name of ['page', 'pageSize', 'category', 'q', 'sort'] as const) {
    const value = params[name];
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined && first !== '') raw[name] = first;
  }
  if (!options.allowPageSize) delete raw.pageSize;

  const result = listingSchema.safeParse(raw);
  if (!result.success) {
    const fields: Record<string, string> = {};
    for (const issue of result.error.issues) fields[String(issue.path[0] ?? 'query')] ??= issue.message;
    const error = Object.values(fields)[0] ?? 'invalid query';
    return { ok: false, error, fields };
  }
  const { page = 1, pageSize = LISTING_PAGE_SIZE, category, q, sort } = result.data;
  const search = q || undefined;
  return {
    ok: true,
    query: { page, pageSize, category, q: search, sort: sort ?? (search ? 'relevance' : 'newest') },
  };
}
