import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { getSql } from '../db/client';
import { RequestError } from '../errors';
import { classifyFailure } from './failure';

// PostgreSQL's data exceptions (class 22) are the caller's 400 wherever validation missed one, and every
// other query error stays a bug. The errors are the real driver's, wrapped as Drizzle wraps them.

let warned: MockInstance<typeof console.warn>;
let logged: MockInstance<typeof console.error>;
beforeEach(() => {
  warned = vi.spyOn(console, 'warn').mockImplementation(() => {});
  logged = vi.spyOn(console, 'error').mockImplementation(() => {});
});
afterEach(() => {
  warned.mockRestore();
  logged.mockRestore();
});

async function failureOf(query: () => Promise<unknown>) {
  const error = await query().then(
    () => undefined,
    (cause: unknown) => new Error('Failed query', { cause }),
  );
  expect(error, 'the query failed').toBeDefined();
  return classifyFailure(error, 'test');
}

describe('a value PostgreSQL refuses', () => {
  it.each([
    ['22021 (NUL in text)', () => getSql()`select ${'a\u0000b'}::text`],
    ['22003 (out of range)', () => getSql()`select ${'99999999999'}::int`],
    ['22P02 (not a number)', () => getSql()`select ${'abc'}::int`],
    ['22007 (not a date)', () => getSql()`select ${'yesterday-ish'}::date`],
  ])('%s is a 400, logged as a missing rule', async (_code, query) => {
    const failure = await failureOf(query);
    expect(failure).toMatchObject({ kind: 'request', error: expect.any(RequestError) });
    const error = failure.kind === 'request' ? failure.error : undefined;
    expect(error?.status).toBe(400);
    expect(warned).toHaveBeenCalledWith(expect.stringMatching(/^test: PostgreSQL refused a value \(22/));
  });

  it('another query error stays a logged bug (42703 undefined column)', async () => {
    const failure = await failureOf(() => getSql()`select no_such_column from products`);
    expect(failure).toMatchObject({ kind: 'bug', requestId: expect.any(String) });
    expect(warned).not.toHaveBeenCalled();
    expect(logged).toHaveBeenCalled();
  });
});
