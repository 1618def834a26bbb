/**
 * One browser's cookies, as the API-level specs need them across several instances on 127.0.0.1 (a
 * browser sends a host's cookies to every port of it): what the servers set is kept and sent back, an
 * expired or emptied cookie dropped. Redirects are not followed, so a 303 is seen as such.
 */
export class Visitor {
  readonly cookies = new Map<string, string>();

  /** `cookie`: a `name=value` to start with (a minted session's), if any. */
  constructor(cookie?: string) {
    if (cookie) this.setCookie(cookie);
  }

  setCookie(pair: string): void {
    const at = pair.indexOf('=');
    this.cookies.set(pair.slice(0, at), pair.slice(at + 1));
  }

  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  /** A copy holding the same cookies (the same session, later changed apart). */
  clone(): Visitor {
    const copy = new Visitor();
    for (const [name, value] of this.cookies) copy.cookies.set(name, value);
    return copy;
  }

  async call(
    base: string,
    method: string,
    path: string,
    options: { body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<Answer> {
    const response = await fetch(`${base}${path}`, {
      method,
      redirect: 'manual',
      headers: {
        ...(this.cookies.size > 0 ? { cookie: this.header() } : {}),
        ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...options.headers,
      },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    for (const line of response.headers.getSetCookie()) this.keep(line);
    const text = await response.text();
    let body: Record<string, unknown> = {};
    if ((response.headers.get('content-type') ?? '').includes('json') && text) {
      body = JSON.parse(text) as Record<string, unknown>;
    }
    return { status: response.status, headers: response.headers, body };
  }

  private keep(line: string): void {
    const [pair = '', ...attributes] = line.split(';').map((part) => part.trim());
    const at = pair.indexOf('=');
    const name = pair.slice(0, at);
    const value = pair.slice(at + 1);
    const gone = attributes.some((attribute) => /^max-age=0$/i.test(attribute)) || value === '';
    if (gone) this.cookies.delete(name);
    else this.cookies.set(name, value);
  }
}

export interface Answer {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
}
