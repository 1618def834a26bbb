import { expect } from 'vitest';

/** A route's answer as TestBrowser.call gives it. */
export interface RouteAnswer {
  status: number;
  headers: Headers;
  json: unknown;
}

/** The API's outage answer: 503 `{error}`, Retry-After, never stored by a shared cache. */
export function expect503(answer: RouteAnswer): void {
  expect(answer.status, JSON.stringify(answer.json)).toBe(503);
  expect(answer.json).toEqual({ error: expect.any(String) });
  expect(answer.headers.get('retry-after')).toBe('5');
  expect(answer.headers.get('cache-control')).toBe('private, no-store');
}
