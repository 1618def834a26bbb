/*
 * What an admin may write into a product, once for the JSON API (cents, numbers) and once for the HTML
 * form (dollars, text fields). Both end in the same field rules, so a value refused by one is refused by
 * the other with the same message. Plain module, no server imports.
 */

import { z } from 'zod';
import { multiLineText, SLUG_PATTERN, singleLineText, wholeNumberText } from '../validation';
import { PRODUCT_LIMITS } from './limits';

export const STALE_PRODUCT_MESSAGE = 'This product changed since you opened it.';

const name = z
  .string({ error: 'Name is required.' })
  .trim()
  .check(singleLineText('Name cannot contain control or invalid characters.'))
  .min(1, 'Name is required.')
  .max(PRODUCT_LIMITS.nameMax, `Name must be at most ${PRODUCT_LIMITS.nameMax} characters.`);

const description = z
  .string({ error: 'Description must be text.' })
  .check(multiLineText('Description cannot contain control characters other than line breaks and tabs.'))
  .max(PRODUCT_LIMITS.descriptionMax, 'Description must be at most 5,000 characters.');

const priceCents = z
  .number({ error: 'Price must be a number of cents.' })
  .int('Price must be a whole number of cents.')
  .min(0, 'Price cannot be negative.')
  .max(PRODUCT_LIMITS.priceCentsMax, 'Price must be at most $100,000.00.');

const stock = z
  .number({ error: 'Stock must be a number.' })
  .int('Stock must be a whole number.')
  .min(0, 'Stock cannot be negative.')
  .max(PRODUCT_LIMITS.stockMax, 'Stock must be at most 1,000,000.');

// Whether the category exists is the data layer's question (a field error too, from there).
const category = z
  .string({ error: 'Choose a category.' })
  .min(1, 'Choose a category.')
  .max(PRODUCT_LIMITS.slugMax, "Choose one of the shop's categories.")
  .regex(SLUG_PATTERN, "Choose one of the shop's categories.");

const slug = z
  .string({ error: 'Slug must be text.' })
  .trim()
  .min(1, 'Slug must not be empty.')
  .max(PRODUCT_LIMITS.slugMax, `Slug must be at most ${PRODUCT_LIMITS.slugMax} characters.`)
  .regex(SLUG_PATTERN, 'Use lower-case letters, digits and single dashes, like "blue-kettle-2".');

/**
 * A path on this site ("/images/…"), never another host: the storefront fetches nothing from elsewhere,
 * so no shopper's browser is sent to a third party by a product page. "//host" and "/\host" are other
 * hosts to a browser, so they are refused too.
 */
const imageUrl = z
  .string({ error: 'Image must be a path on this site.' })
  .trim()
  .max(PRODUCT_LIMITS.imageUrlMax, `Image must be at most ${PRODUCT_LIMITS.imageUrlMax} characters.`)
  .regex(/^\/(?![/\\])[A-Za-z0-9._~!$&'()*+,;=:@%/-]*$/, 'Use a path on this site, like /images/kettle.svg.');

const version = z
  .number({ error: 'Version must be a number.' })
  .int('Version must be a whole number.')
  .positive('Version must be positive.');

// An unknown key is named as a field error rather than silently dropped: `price` instead of
// `priceCents` must not look like a successful save that changed nothing.
// (Not z.never(): Zod reads a never catchall as "strict" and reports the key without a field path.)
const unknownField = z.custom<never>(() => false, { error: 'This is not a product field.' });

const productCreateFields = z.object({
  name,
  description: description.default(''),
  priceCents,
  stock,
  category,
  slug: slug.optional(),
  imageUrl: imageUrl.nullable().optional(),
});

/** `POST /api/admin/products`: a new product. Without a slug, one is made from the name. */
export const productCreateSchema = productCreateFields.catchall(unknownField);

const productPatchFields = z.object({
  name: name.optional(),
  description: description.optional(),
  priceCents: priceCents.optional(),
  stock: stock.optional(),
  category: category.optional(),
  slug: slug.optional(),
  imageUrl: imageUrl.nullable().optional(),
});

/** `PATCH /api/admin/products/{id}`: any fields, plus the `version` the change was based on (optional). */
export const productPatchSchema = productPatchFields
  .extend({ version: version.optional() })
  .catchall(unknownField)
  .refine((patch) => Object.keys(patch).some((key) => key !== 'version'), {
    error: 'Give at least one field to change.',
  });

export const productIdParamsSchema = z.object({
  id: wholeNumberText('The product id must be a whole number.').pipe(
    z.number().int().positive('The product id must be positive.'),
  ),
});

/** The admin product search (`?q=` of /admin/products): one line of text, as every search. */
export const adminSearchSchema = z
  .string()
  .check(singleLineText('A search cannot contain control or invalid characters.'));

/** A `?version=N` query parameter (a conditional delete). */
export const versionText = wholeNumberText('Version must be a whole number.').pipe(version);

/**
 * The admin routes' body cap: the product's largest valid body (5,000 characters of description in any
 * script, JSON-escaped) rather than the shop's 8 KB for small forms.
 */
export const ADMIN_BODY_LIMIT_BYTES = 32 * 1024;

export type ProductCreateInput = z.output<typeof productCreateFields>;
export type ProductPatchInput = z.output<typeof productPatchFields>;

// ---------------------------------------------------------------------------------------------------------
// The HTML form: every value arrives as text. Empty optional fields mean "none".

const blankToUndefined = (value: unknown) =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

/** "12.99", "$1,299.50", "7" → cents; no floating point on the way, so 0.29 is 29 cents, not 28.999…. */
const dollars = z
  .string({ error: 'Price is required.' })
  .transform((text) => text.trim().replace(/^\$/, '').replaceAll(',', ''))
  .refine((text) => text !== '', 'Price is required.')
  .refine((text) => !text.startsWith('-'), 'Price cannot be negative.')
  .refine((text) => /^\d{1,9}(\.\d{1,2})?$/.test(text), 'Enter a price in dollars, like 12.99.')
  .transform((text) => {
    const [whole = '0', fraction = ''] = text.split('.');
    return Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
  })
  .pipe(priceCents);

const formNumber = (label: string, schema: z.ZodNumber) =>
  z
    .string({ error: `${label} is required.` })
    .trim()
    .refine((text) => text !== '', `${label} is required.`)
    .refine((text) => !text.startsWith('-'), `${label} cannot be negative.`)
    .pipe(wholeNumberText(`${label} must be a whole number.`))
    .pipe(schema);

export const productFormSchema = z.object({
  name,
  description: z.string().default('').pipe(description),
  price: dollars,
  stock: formNumber('Stock', stock),
  category,
  slug: z.preprocess(blankToUndefined, slug.optional()),
  imageUrl: z.preprocess(blankToUndefined, imageUrl.optional()),
});

export const productEditFormSchema = productFormSchema.extend({
  id: formNumber('Product id', z.number().int().positive()),
  version: formNumber('Version', version),
});

export const productDeleteFormSchema = productEditFormSchema.pick({ id: true, version: true });

/** The fields the form shows again after an error, as typed. */
export const PRODUCT_FORM_FIELDS = ['name', 'description', 'price', 'stock', 'category', 'slug', 'imageUrl'];

export type ProductFormInput = z.output<typeof productFormSchema>;

/** The form's values as the API's input (dollars → cents; an empty slug is made from the name). */
export function fromForm({ price, imageUrl, ...rest }: ProductFormInput): ProductCreateInput {
  return { ...rest, priceCents: price, imageUrl: imageUrl ?? null };
}
