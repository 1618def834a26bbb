import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { BAD_TEXT, GOOD_TEXT, LAYOUT_TEXT } from '@/tooling/vitest/bad-input';
import {
  productCreateSchema,
  productEditFormSchema,
  productFormSchema,
  productPatchSchema,
} from './admin/schemas';
import { changePasswordSchema, loginSchema, registerSchema } from './auth/schemas';
import { parseListingParams } from './catalog/query';
import { idempotencyKeySchema } from './orders/schemas';
import { multiLineText, singleLineText } from './validation';

// The control-character rule, once in lib/validation.ts, held by every free-text field of every schema:
// the corpus of tooling/vitest/bad-input.ts refused with the field named, ordinary text of any script let through.

const oneLine = z.string().check(singleLineText('one line'));
const lines = z.string().check(multiLineText('lines'));

describe('the text rules', () => {
  it.each(Object.entries(BAD_TEXT))('refuse %s in any text', (_label, text) => {
    expect(oneLine.safeParse(text).error?.issues[0]?.message).toBe('one line');
    expect(lines.safeParse(text).error?.issues[0]?.message).toBe('lines');
  });

  it('keep line breaks and tabs to text of several lines', () => {
    for (const text of Object.values(LAYOUT_TEXT)) {
      expect(oneLine.safeParse(text).success, JSON.stringify(text)).toBe(false);
      expect(lines.safeParse(text).success, JSON.stringify(text)).toBe(true);
    }
  });

  it('let accents, CJK and emoji (a well-formed surrogate pair) through', () => {
    for (const text of GOOD_TEXT) {
      expect(oneLine.safeParse(text).success, text).toBe(true);
      expect(lines.safeParse(text).success, text).toBe(true);
    }
  });
});

const register = { name: 'Zoë Brontë', email: 'zoe@example.test', password: 'a long enough password' };
const product = { name: 'Lamp', description: 'Bright.', priceCents: 100, stock: 1, category: 'kitchen' };
const form = { ...product, price: '1.00', stock: '1', slug: '', imageUrl: '' };
const editForm = { ...form, id: '1', version: '1' };

/** Each schema with a valid input, and the text fields that must refuse the corpus. */
const SCHEMAS: [string, z.ZodType, Record<string, unknown>, string[]][] = [
  ['register', registerSchema, register, ['name', 'email', 'password']],
  ['login', loginSchema, { email: register.email, password: 'x' }, ['email', 'password']],
  [
    'change password',
    changePasswordSchema,
    { currentPassword: 'x', newPassword: register.password },
    ['currentPassword', 'newPassword'],
  ],
  ['product (API)', productCreateSchema, product, ['name', 'description', 'category', 'slug', 'imageUrl']],
  [
    'product patch',
    productPatchSchema,
    { stock: 1 },
    ['name', 'description', 'category', 'slug', 'imageUrl'],
  ],
  ['product form', productFormSchema, form, ['name', 'description', 'category', 'slug', 'imageUrl']],
  [
    'product edit form',
    productEditFormSchema,
    editForm,
    ['name', 'description', 'category', 'slug', 'imageUrl'],
  ],
];

describe.each(SCHEMAS)('the %s schema', (_name, schema, valid, fields) => {
  it('accepts its valid input', () => {
    expect(schema.safeParse(valid).success).toBe(true);
  });

  it.each(fields)('refuses control characters and lone surrogates in %s, naming it', (field) => {
    for (const [label, text] of Object.entries(BAD_TEXT)) {
      const issues = schema.safeParse({ ...valid, [field]: text }).error?.issues ?? [];
      expect(
        issues.map((issue) => issue.path[0]),
        `${field}: ${label}`,
      ).toContain(field);
    }
  });

  it('refuses line breaks and tabs except in a description', () => {
    for (const field of fields) {
      for (const text of Object.values(LAYOUT_TEXT)) {
        const accepted = schema.safeParse({ ...valid, [field]: text }).success;
        expect(accepted, `${field}: ${JSON.stringify(text)}`).toBe(field === 'description');
      }
    }
  });
});

describe('search, category and the idempotency key', () => {
  it.each(Object.entries({ ...BAD_TEXT, ...LAYOUT_TEXT }))('refuse %s', (_label, text) => {
    for (const name of ['q', 'category']) {
      const parsed = parseListingParams({ [name]: text });
      expect(parsed.ok ? [] : Object.keys(parsed.fields), name).toEqual([name]);
    }
    expect(idempotencyKeySchema.safeParse(text).success).toBe(false);
  });

  it('search any script', () => {
    for (const q of GOOD_TEXT) expect(parseListingParams({ q })).toMatchObject({ ok: true, query: { q } });
  });
});
