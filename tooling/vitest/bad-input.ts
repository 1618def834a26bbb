import type { TestBrowser } from './session';

/*
 * The bad-input corpus: what a fuzzer, a broken client or a curious visitor sends. Imported by tests
 * only (the route corpus in app/api/bad-input.test.ts, the schema tests in lib/validation.test.ts).
 * JSON values are raw JSON text, so numbers past 2^53 and 1e400 reach JSON.parse exactly as sent.
 */

/**
 * Text no name, e-mail, password, slug or search may hold: control characters (C0, DEL, C1) and UTF-16
 * halves without their other half. Each is at least 8 characters, so a password's length rule is not
 * what refuses it.
 */
export const BAD_TEXT: Record<string, string> = {
  NUL: 'Flash\u0000lamp',
  'NUL alone': '\u0000',
  'ESC sequence': 'Flash\u001b[31mlamp',
  BEL: 'Flash\u0007lamp',
  'vertical tab and form feed': 'Flash\u000b\u000clamp',
  DEL: 'Flash\u007flamp',
  'NEL (C1)': 'Flash\u0085lamp',
  'lone high surrogate': 'Flash\ud800lamp',
  'lone low surrogate': 'Flash\udfffLamp',
  'swapped surrogate pair': 'Flash\udc00\ud800lamp',
};

/** Line breaks and tabs: refused in one-line fields, kept in a product's description. */
export const LAYOUT_TEXT: Record<string, string> = {
  LF: 'Flash\nlamp',
  'CR LF': 'Flash\r\nlamp',
  tab: 'Flash\tlamp',
};

/** Text that must pass wherever text does: accents, a CJK name, an emoji (a well-formed surrogate pair). */
export const GOOD_TEXT = ['Zoë Brontë', '山田 太郎', 'Lamp 💡 deluxe'];

export const MEGABYTE_TEXT = 'x'.repeat(1_000_000);

/** JSON values that no field of the storefront accepts for a string or a number (raw JSON text). */
export const BAD_JSON: Record<string, string> = {
  'past 2^53': '9007199254740993',
  'below -(2^53)': '-9007199254740993',
  '1e400': '1e400',
  '-1e400': '-1e400',
  '40 digits': `1${'0'.repeat(40)}`,
  fraction: '1.5',
  null: 'null',
  'empty array': '[]',
  array: '[1,"a",null]',
  'empty object': '{}',
  'nested junk': '{"a":[{"b":null},[[["\\u0000"]]]],"__proto__":{"role":"admin"}}',
  true: 'true',
};

/** Whole bodies where a JSON object is expected (raw text). */
export const BAD_BODIES: Record<string, string> = {
  ...BAD_JSON,
  string: '"\\u0000"',
  'deep nesting': `${'['.repeat(3000)}${']'.repeat(3000)}`,
  truncated: '{"name":',
  'raw NUL in a string': '{"name":"\u0000"}',
  'lone surrogate key': '{"\\ud800":1}',
};

/** Raw JSON text for each value a text field must refuse (every value except those it `accepts`). */
export function textFieldValues(accepts: string[] = []): Record<string, string> {
  const values: Record<string, string> = { ...BAD_JSON, '1 MB': JSON.stringify(MEGABYTE_TEXT) };
  for (const [label, text] of Object.entries({ ...BAD_TEXT, ...LAYOUT_TEXT })) {
    values[label] = JSON.stringify(text);
  }
  for (const label of accepts) delete values[label];
  return values;
}

/** Raw JSON text for each value a number field must refuse. */
export function numberFieldValues(): Record<string, string> {
  return {
    ...BAD_JSON,
    'digits as text': '"1"',
    'empty text': '""',
    NUL: JSON.stringify(BAD_TEXT.NUL),
    '1 MB': JSON.stringify(MEGABYTE_TEXT),
  };
}

/** A JSON object's text: `base`, with `field` set to the raw JSON `value`. */
export function bodyWith(base: Record<string, unknown>, field: string, value: string): string {
  const entries = Object.entries(base).filter(([name]) => name !== field);
  const members = entries.map(([name, v]) => `${JSON.stringify(name)}:${JSON.stringify(v)}`);
  return `{${[...members, `${JSON.stringify(field)}:${value}`].join(',')}}`;
}

/**
 * Path parameters as a handler may be given them: still %-encoded (Next.js leaves a sequence that is not
 * UTF-8 as it came) or decoded; traversal, signs, exponents and numbers past 2^53 and PostgreSQL's
 * integer. None names a real product, cart line or order.
 */
export const BAD_PATH_VALUES: Record<string, string> = {
  '%00': '%00',
  NUL: '\u0000',
  '%2F..%2F': '%2F..%2F',
  '../..': '../../etc/passwd',
  '%FF': '%FF',
  'bare %': '%',
  'lone surrogate': '\ud800',
  'replacement character': '\ufffd',
  empty: '',
  negative: '-1',
  zero: '0',
  fraction: '1.5',
  exponent: '1e3',
  hex: '0x1F',
  'past int4': '2147483648',
  '15 digits': '999999999999999',
  'past 2^53': '9007199254740993',
  '20 digits': '99999999999999999999',
  'SQL-ish': "1' or '1'='1",
  '1 MB': MEGABYTE_TEXT,
};

/** The path of a route with its parameter put in as a client would send it (%-encoding what must be). */
export function pathWith(template: string, value: string): string {
  const encoded = [...Buffer.from(value)]
    .map((byte) =>
      /[A-Za-z0-9._~%-]/.test(String.fromCharCode(byte)) ? String.fromCharCode(byte) : `%${hex(byte)}`,
    )
    .join('');
  return template.replace(/\[\w+\]/, encoded);
}

const hex = (byte: number) => byte.toString(16).toUpperCase().padStart(2, '0');

// ---------------------------------------------------------------------------------------------------------
// The cases of one JSON route (app/api/bad-input.test.ts lists the routes).

export type Handler = Parameters<TestBrowser['call']>[0];
export type Who = 'guest' | 'shopper' | 'admin';

export interface Case {
  label: string;
  who: Who;
  handler: Handler;
  method: string;
  path: string;
  params?: Record<string, string>;
  raw?: string;
  headers?: Record<string, string>;
  /** `refused`: a 4xx. `answered`: the input is ignored or harmless (any answer below 500). */
  expect: 'refused' | 'answered';
}

export interface Route {
  method: string;
  path: string;
  handler: Handler;
  who: Who;
  /** The path parameter's name and a value that names something real. */
  param?: [name: string, valid: () => string];
  /** Headers every case sends (a valid Idempotency-Key, so the body is what is refused). */
  headers?: () => Record<string, string>;
  /** A body the route accepts, and the kind of each of its fields. */
  body?: { base: () => Record<string, unknown>; fields: Record<string, FieldRule> };
  /** Query strings (already %-encoded) the route must refuse. */
  refusedQueries?: string[];
  /** Whether a junk body is ignored (a route that reads none and writes nothing whatever it is sent). */
  ignoresBody?: boolean;
}

export type FieldRule = { kind: 'number' } | { kind: 'text'; accepts?: string[] };
export const number: FieldRule = { kind: 'number' };
export const text: FieldRule = { kind: 'text' };

/** Harmless odd queries every route must answer below 500: unknown names, bytes that are not UTF-8. */
const ODD_QUERIES = ['%00=%00', 'q=%FF', 'q=%ED%A0%80', 'q=%C0%80', 'q=oak&q=%00', `x=${MEGABYTE_TEXT}`];

/** Every case of one route: each part of its input made bad in turn, the rest valid. */
export function casesOf(route: Route): Case[] {
  const { method, path: template, handler, who, param } = route;
  const validParams = param ? { [param[0]]: param[1]() } : undefined;
  const validPath = param ? pathWith(template, param[1]()) : template;
  const base = route.body?.base();
  const validBody = base ? JSON.stringify(base) : undefined;
  const one = (label: string, outcome: Case['expect'], parts: Partial<Case>): Case => ({
    label: `${method} ${template} ${label}`,
    who,
    handler,
    method,
    path: validPath,
    params: validParams,
    raw: validBody,
    headers: route.headers?.(),
    expect: outcome,
    ...parts,
  });
  const cases: Case[] = [];
  if (base && route.body) {
    for (const [label, raw] of Object.entries(BAD_BODIES)) {
      cases.push(one(`body ${label}`, 'refused', { raw }));
    }
    for (const [field, rule] of Object.entries(route.body.fields)) {
      const values = rule.kind === 'number' ? numberFieldValues() : textFieldValues(rule.accepts);
      for (const [label, value] of Object.entries(values)) {
        cases.push(one(`${field}: ${label}`, 'refused', { raw: bodyWith(base, field, value) }));
      }
    }
  }
  if (route.ignoresBody) {
    for (const [label, raw] of Object.entries(BAD_BODIES)) {
      cases.push(one(`body ${label}`, 'answered', { raw }));
    }
  }
  if (param) {
    for (const [label, value] of Object.entries(BAD_PATH_VALUES)) {
      cases.push(
        one(`path ${label}`, 'refused', { path: pathWith(template, value), params: { [param[0]]: value } }),
      );
    }
  }
  for (const query of route.refusedQueries ?? []) {
    cases.push(one(`?${query.slice(0, 40)}`, 'refused', { path: `${validPath}?${query}` }));
  }
  // A route that reads no query must not care; one that does must answer these below 500 either way.
  // Only where the rest of the request writes nothing: a valid body or path beside a harmless query would.
  if (method === 'GET' || route.ignoresBody) {
    for (const query of ODD_QUERIES) {
      cases.push(one(`?${query.slice(0, 40)}`, 'answered', { path: `${validPath}?${query}` }));
    }
  }
  return cases;
}
