import { randomBytes } from 'node:crypto';
import { NextRequest, type NextResponse } from 'next/server';
import { peerStamp } from '../../lib/http/peer-address';
import type { CookieJar } from '../../lib/session/cookie';
import type { RequestContext } from '../../lib/session/current';

/*
 * Test doubles for the one thing tests cannot get from a real server: a browser. Redis and PostgreSQL are
 * always the real ones. Imported by tests only.
 */

/** A browser's cookie store: what the server set, with the options it set it with. */
export class MemoryCookieJar implements CookieJar {
  readonly options = new Map<string, Record<string, unknown> | undefined>();
  private readonly values = new Map<string, string>();

  get(name: string) {
    const value = this.values.get(name);
    return value ? { name, value } : undefined;
  }

  set(name: string, value: string, options?: Record<string, unknown>) {
    this.options.set(name, options);
    if (value === '' || options?.maxAge === 0) this.values.delete(name);
    else this.values.set(name, value);
  }

  header(): string {
    return [...this.values].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}

/**
 * One browser: its cookies and address. `request()` is a fresh context per request, as on a server.
 * `call` reaches the route directly, as a client of an instance with no proxy in front: `ip` is its
 * socket's address, stamped as the server stamps it (lib/http/peer-address.ts); an X-Forwarded-For it
 * sends (in `options.headers`) is only its claim.
 */
export class TestBrowser {
  readonly cookies = new MemoryCookieJar();

  constructor(readonly ip = `10.${[1, 2, 3].map(() => randomBytes(1)[0]).join('.')}`) {}

  request(secure = false): RequestContext {
    return { cookies: this.cookies, secure, ip: this.ip };
  }

  /** Calls a route handler as this browser would (same origin, its cookies), keeping what it sets. */
  async call(
    handler: (
      request: NextRequest,
      context: { params: Promise<Record<string, string>> },
    ) => Promise<NextResponse>,
    method: string,
    path: string,
    options: {
      body?: unknown;
      raw?: string;
      headers?: Record<string, string>;
      params?: Record<string, string>;
    } = {},
  ): Promise<{ status: number; headers: Headers; json: unknown; text: string }> {
    const headers = new Headers({ origin: 'http://shop.test', host: 'shop.test' });
    headers.set(...peerStamp(this.ip));
    if (this.cookies.header()) headers.set('cookie', this.cookies.header());
    const body = options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
    if (body !== undefined) headers.set('content-type', 'application/json');
    // An empty value leaves the header out (a request without Origin).
    for (const [name, value] of Object.entries(options.headers ?? {})) {
      if (value === '') headers.delete(name);
      else headers.set(name, value);
    }
    const request = new NextRequest(`http://shop.test${path}`, { method, headers, body });
    const response = await handler(request, { params: Promise.resolve(options.params ?? {}) });
    for (const cookie of response.cookies.getAll()) {
      const { name, value, ...rest } = cookie;
      this.cookies.set(name, value, rest);
    }
    const text = await response.text();
    // Only a JSON answer is parsed: /api/metrics answers Prometheus text.
    const isJson = /json/.test(response.headers.get('content-type') ?? '');
    return {
      status: response.status,
      headers: response.headers,
      json: text && isJson ? (JSON.parse(text) as unknown) : null,
      text,
    };
  }
}
