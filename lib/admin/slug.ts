/** Longest slug made from a name, leaving room for a "-2" … suffix under the 120-character limit. */
const MAX_DERIVED_LENGTH = 100;

/**
 * A URL slug from a product name: "Crème Brûlée Torch, 2-pack!" → "creme-brulee-torch-2-pack". A name
 * with nothing to keep (only symbols, or a script without Latin letters) becomes "product".
 */
export function slugify(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, MAX_DERIVED_LENGTH)
    .replace(/^-+|-+$/g, '');
  return slug || 'product';
}

/** The first of `base`, `base-2`, `base-3`, … that is not in `taken`. */
export function firstFreeSlug(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let n = 2; ; n += 1) {
    const candidate = `${base}-${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}
