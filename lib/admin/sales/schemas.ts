/*
 * What an admin may send to schedule a sale: once for the JSON API (`POST /api/admin/sales`, UTC times,
 * cents) and once for the HTML form (text fields, dollars, a time picked in the browser's zone). The form
 * is turned into the API's shape and checked by the same schema, so both refuse the same values with the
 * same messages. What needs PostgreSQL (the product exists, the price is within its regular price, the
 * units within its stock, no other sale of it) is the data layer's (./writes.ts). Plain module.
 */

import { z } from 'zod';
import { singleLineText, wholeNumberText } from '../../validation';
import { PRODUCT_LIMITS } from '../limits';
import { parseSaleId } from '../../sales';

export const SALE_LIMITS = {
  nameMax: 200,
  itemsMax: 50,
  /** How far ahead a sale may be scheduled. */
  aheadDaysMax: 366,
  activeShoppersMax: 100_000,
  admissionMinutesMax: 24 * 60,
} as const;

const PG_INT_MAX = 2_147_483_647;

// An unknown key is a field error rather than silently dropped (as the product schemas do).
const unknownField = z.custom<never>(() => false, { error: 'This is not a sale field.' });

const wholeNumber = (label: string, min: number, max: number, below: string) =>
  z
    .number({ error: `${label} must be a number.` })
    .int(`${label} must be a whole number.`)
    .min(min, below)
    .max(max, `${label} must be at most ${max.toLocaleString('en-US')}.`);

const TIME_MESSAGE = 'Give a time in ISO 8601 with its zone, like 2026-12-24T18:00:00Z.';

const time = z
  .string({ error: TIME_MESSAGE })
  .max(40, TIME_MESSAGE)
  .pipe(z.iso.datetime({ offset: true, error: TIME_MESSAGE }))
  .transform((text) => new Date(text));

const saleItem = z
  .object({
    productId: z
      .number({ error: 'Choose a product.' })
      .int('Choose a product.')
      .positive('Choose a product.')
      .max(PG_INT_MAX, 'No such product.'),
    salePriceCents: wholeNumber(
      'The sale price',
      1,
      PRODUCT_LIMITS.priceCentsMax,
      'The sale price must be above 0.',
    ),
    units: wholeNumber('Units', 1, PRODUCT_LIMITS.stockMax, 'A sale offers at least 1 unit.'),
    perCustomerLimit: wholeNumber(
      'The limit per customer',
      1,
      PRODUCT_LIMITS.stockMax,
      'The limit per customer must be at least 1.',
    ),
  })
  .catchall(unknownField);

const queue = z
  .object({
    activeShoppers: wholeNumber(
      'Shoppers at once',
      1,
      SALE_LIMITS.activeShoppersMax,
      'A line lets at least 1 shopper in at once.',
    ),
    admissionMinutes: wholeNumber(
      'The admission',
      1,
      SALE_LIMITS.admissionMinutesMax,
      'An admission lasts at least 1 minute.',
    ).default(10),
  })
  .catchall(unknownField);

const name = z
  .string({ error: 'A name is required.' })
  .trim()
  .check(singleLineText('The name cannot contain control or invalid characters.'))
  .min(1, 'A name is required.')
  .max(SALE_LIMITS.nameMax, `The name must be at most ${SALE_LIMITS.nameMax} characters.`);

/** `POST /api/admin/sales`. Times are checked against the clock when the request is parsed. */
export const saleCreateSchema = z
  .object({
    name,
    startsAt: time,
    endsAt: time,
    items: z
      .array(saleItem, { error: 'Give the sale its products: a list of items.' })
      .min(1, 'A sale has at least one product.')
      .max(SALE_LIMITS.itemsMax, `A sale has at most ${SALE_LIMITS.itemsMax} products.`),
    queue: queue.nullable().optional(),
  })
  .catchall(unknownField)
  .superRefine((sale, ctx) => {
    // Zod runs this even when a field failed: only values that parsed are compared.
    if (!(sale.startsAt instanceof Date) || !(sale.endsAt instanceof Date) || !Array.isArray(sale.items)) {
      return;
    }
    const now = Date.now();
    const start = sale.startsAt.getTime();
    if (start <= now) {
      ctx.addIssue({ code: 'custom', path: ['startsAt'], message: 'The start must be in the future.' });
    } else if (start > now + SALE_LIMITS.aheadDaysMax * 86_400_000) {
      ctx.addIssue({
        code: 'custom',
        path: ['startsAt'],
        message: `A sale starts within ${SALE_LIMITS.aheadDaysMax} days.`,
      });
    }
    if (sale.endsAt.getTime() <= start) {
      ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'The end must be after the start.' });
    } else if (sale.endsAt.getTime() > start + SALE_LIMITS.aheadDaysMax * 86_400_000) {
      ctx.addIssue({
        code: 'custom',
        path: ['endsAt'],
        message: `A sale lasts at most ${SALE_LIMITS.aheadDaysMax} days.`,
      });
    }
    const seen = new Set<number>();
    sale.items.forEach((item, index) => {
      if (typeof item?.productId !== 'number') return;
      if (seen.has(item.productId)) {
        ctx.addIssue({
          code: 'custom',
          path: ['items', index, 'productId'],
          message: 'This product is already in the sale.',
        });
      }
      seen.add(item.productId);
    });
  });

export type SaleCreateInput = z.output<typeof saleCreateSchema>;
export type SaleItemInput = SaleCreateInput['items'][number];

/** A sale's id in a path; anything else is answered 404 by the data layer (no such sale). */
export const saleIdParamsSchema = z.object({
  id: z.string().transform((text) => parseSaleId(text) ?? 0),
});

/**
 * The admin routes' body cap: 50 items and a name fit in a few KB; 16 KB leaves room for spacing.
 */
export const SALE_BODY_LIMIT_BYTES = 16 * 1024;

// ---------------------------------------------------------------------------------------------------------
// The HTML form (/admin/sales/new): one product per sale, every value as text.

/** The form's fields, as named in the page; also the ones shown again after an error. */
export const SALE_FORM_FIELDS = [
  'name',
  'productId',
  'salePrice',
  'units',
  'perCustomerLimit',
  'startsAt',
  'startsAtLocal',
  'endsAt',
  'endsAtLocal',
  'activeShoppers',
  'admissionMinutes',
] as const;

/** Where the API's field names show on the form. */
const FORM_FIELD_OF: Record<string, string> = {
  items: 'productId',
  'items.0.productId': 'productId',
  'items.0.salePriceCents': 'salePrice',
  'items.0.units': 'units',
  'items.0.perCustomerLimit': 'perCustomerLimit',
  queue: 'activeShoppers',
  'queue.activeShoppers': 'activeShoppers',
  'queue.admissionMinutes': 'admissionMinutes',
};

export function toFormFields(fields: Record<string, string> | undefined): Record<string, string> | undefined {
  if (!fields) return undefined;
  const mapped: Record<string, string> = {};
  for (const [field, message] of Object.entries(fields)) mapped[FORM_FIELD_OF[field] ?? field] ??= message;
  return mapped;
}

const blank = (text: string | undefined) => text === undefined || text.trim() === '';

/** A whole number typed into the form, or the text as typed (the API's schema then says what is wrong). */
const formNumber = (text: string | undefined): unknown =>
  blank(text) ? undefined : (wholeNumberText('').safeParse(text).data ?? text);

/** "12.99", "$1,299.50", "7" → cents, exactly; anything else stays text. */
function formDollars(text: string | undefined): unknown {
  if (blank(text)) return undefined;
  const plain = text!.trim().replace(/^\$/, '').replaceAll(',', '');
  if (!/^\d{1,9}(\.\d{1,2})?$/.test(plain)) return 'not dollars';
  const [whole = '0', fraction = ''] = plain.split('.');
  return Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
}

/**
 * A time from the form: the UTC time the browser computed from its own zone (the hidden field), or, when
 * the page ran without JavaScript, the picker's value read as UTC (which is what the form then says).
 */
function formTime(utc: string | undefined, local: string | undefined): unknown {
  if (!blank(utc)) return utc!.trim();
  if (blank(local)) return undefined;
  const text = local!.trim();
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(text)
    ? `${text}${text.length === 16 ? ':00' : ''}Z`
    : text;
}

const formText = z.string().max(1000, 'This value is too long.').optional();

/** The form's text fields, turned into the API's body (`saleCreateSchema` then checks it). */
export const saleFormSchema = z
  .object({
    name: formText,
    productId: formText,
    salePrice: formText,
    units: formText,
    perCustomerLimit: formText,
    startsAt: formText,
    startsAtLocal: formText,
    endsAt: formText,
    endsAtLocal: formText,
    activeShoppers: formText,
    admissionMinutes: formText,
  })
  .superRefine((form, ctx) => {
    if (formDollars(form.salePrice) === 'not dollars') {
      ctx.addIssue({ code: 'custom', path: ['salePrice'], message: 'Enter a price in dollars, like 12.99.' });
    }
    // An admission's length means something only for a sale with a line.
    if (blank(form.activeShoppers) && !blank(form.admissionMinutes)) {
      ctx.addIssue({
        code: 'custom',
        path: ['admissionMinutes'],
        message: 'Give "Shoppers at once" too: admissions are for a sale with a line.',
      });
    }
  })
  .transform((form) => ({
    name: form.name ?? '',
    startsAt: formTime(form.startsAt, form.startsAtLocal),
    endsAt: formTime(form.endsAt, form.endsAtLocal),
    items: [
      {
        productId: formNumber(form.productId),
        salePriceCents: formDollars(form.salePrice),
        units: formNumber(form.units),
        perCustomerLimit: formNumber(form.perCustomerLimit),
      },
    ],
    queue: blank(form.activeShoppers)
      ? null
      : {
          activeShoppers: formNumber(form.activeShoppers),
          // Empty: the API's default (10 minutes).
          ...(blank(form.admissionMinutes) ? {} : { admissionMinutes: formNumber(form.admissionMinutes) }),
        },
  }));
