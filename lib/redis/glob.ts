/** `value` with Redis glob characters escaped, so a MATCH / KEYS pattern built on it matches it literally. */
export const escapeGlob = (value: string): string => value.replace(/[*?[\]\\]/g, '\\$&');
