/*
 * One shopper's browser, as far as the bench needs one: its cookies (the minted session, and whatever the
 * storefront sets, such as the admission cookie), and requests timed from when they are sent.
 */

export interface Answer {
  status: number;
  latencyMs: number;
  /** When the answer was read whole (Date.now()). */
  at: number;
  body: string;
}

export class Browser {
  private readonly cookies = new Map<string, string>();

  constructor(
    readonly baseURL: string,
    cookieHeader: string,
  ) {
    for (const pair of cookieHeader.split('; ')) this.keep(pair);
  }

  /** A request to this browser's server; status 0 for one that got no answer. Redirects are not followed. */
  async request(
    path: string,
    init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
  ) {
    const started = performance.now();
    try {
      const response = await fetch(`${this.baseURL}${path}`, {
        method: init.method ?? 'GET',
        redirect: 'manual',
        headers: {
          cookie: this.cookieHeader(),
          ...(init.body !== undefined && { 'content-type': 'application/json' }),
          ...init.headers,
        },
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
      });
      const body = await response.text();
      for (const line of response.headers.getSetCookie()) this.keep(line);
      return { status: response.status, latencyMs: performance.now() - started, at: Date.now(), body };
    } catch {
      return { status: 0, latencyMs: performance.now() - started, at: Date.now(), body: '' };
    }
  }

  has(name: string): boolean {
    return this.cookies.has(name);
  }

  private cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  /** A `Set-Cookie` line (or a `name=value` pair): kept, or dropped when it expires the cookie. */
  private keep(line: string): void {
    const [pair = '', ...attributes] = line.split(';').map((part) => part.trim());
    const equals = pair.indexOf('=');
    if (equals <= 0) return;
    const name = pair.slice(0, equals);
    const value = pair.slice(equals + 1);
    const expired = attributes.some((attribute) => /^max-age=(0|-\d+)$/i.test(attribute));
    if (expired || value === '') this.cookies.delete(name);
    else this.cookies.set(name, value);
  }
}

/** The JSON of an answer's body, or undefined when it is not JSON. */
export function jsonOf<T>(answer: Answer): T | undefined {
  try {
    return JSON.parse(answer.body) as T;
  } catch {
    return undefined;
  }
}
