import type { NextRequest, NextResponse } from 'next/server';
import type { CookieJar } from '../session/cookie';

/** Cookies of one route call: read from the request, written (in order) onto the response. */
export class RequestCookieJar implements CookieJar {
  private readonly written = new Map<string, { value: string; options?: Record<string, unknown> }>();

  constructor(private readonly request: NextRequest) {}

  get wroteAny(): boolean {
    return this.written.size > 0;
  }

  get(name: string) {
    const mine = this.written.get(name);
    if (mine) return mine.value ? { name, value: mine.value } : undefined;
    return this.request.cookies.get(name);
  }

  set(name: string, value: string, options?: Record<string, unknown>) {
    this.written.set(name, { value, options });
  }

  /** With `clearsOnly` (a failed request), only the cookies cleared: a session ended stays ended. */
  writeTo(response: NextResponse, { clearsOnly = false } = {}) {
    for (const [name, { value, options }] of this.written) {
      if (!clearsOnly || !value) response.cookies.set(name, value, options);
    }
  }
}
