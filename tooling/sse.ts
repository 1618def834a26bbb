/*
 * A Server-Sent Events reader for tests and benchmarks: the frames of a `text/event-stream` body, parsed
 * as the HTML standard says (fields per line, an event per blank line, comments kept apart so a test can
 * see the heartbeat), and a watcher that opens a stream over HTTP and waits for what it expects.
 */

export interface SseEvent {
  event: string;
  id: string | undefined;
  data: string;
  /** When the event's last line arrived (ms since the epoch). */
  at: number;
}

export interface SseFrames {
  events: SseEvent[];
  comments: string[];
  retry: number | undefined;
}

/** Reads `body` to its end (or until it is cancelled), filling `into` as frames arrive. */
export async function readSse(
  body: ReadableStream<Uint8Array>,
  into: SseFrames,
  onFrame: () => void = () => {},
): Promise<void> {
  const decoder = new TextDecoder();
  let buffer = '';
  let current: { event?: string; id?: string; data: string[] } = { data: [] };
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let newline: number;
      while ((newline = buffer.search(/\r\n|\r|\n/)) >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + (buffer.startsWith('\r\n', newline) ? 2 : 1));
        if (line === '') {
          if (current.data.length > 0) {
            into.events.push({
              event: current.event ?? 'message',
              id: current.id,
              data: current.data.join('\n'),
              at: Date.now(),
            });
          }
          current = { data: [] };
          onFrame();
          continue;
        }
        if (line.startsWith(':')) {
          into.comments.push(line.slice(1).trim());
          onFrame();
          continue;
        }
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'data') current.data.push(value);
        else if (field === 'event') current.event = value;
        else if (field === 'id') current.id = value;
        else if (field === 'retry') into.retry = Number(value);
      }
    }
  } catch {
    // cancelled or cut: what arrived is kept
  } finally {
    reader.releaseLock();
  }
}

/** One open stream: its response's status and headers, the frames so far, and a way to wait for more. */
export class SseWatcher implements SseFrames {
  events: SseEvent[] = [];
  comments: string[] = [];
  retry: number | undefined;
  status = 0;
  headers = new Headers();
  /** Resolves when the stream ends (the server closed it, or close()). */
  ended: Promise<void> = Promise.resolve();
  private readonly controller = new AbortController();
  private waiters = new Set<() => void>();

  /** Opens `url`; resolves once the response's headers arrived. */
  static async open(url: string, headers: Record<string, string> = {}): Promise<SseWatcher> {
    const watcher = new SseWatcher();
    const response = await fetch(url, {
      headers: { accept: 'text/event-stream', ...headers },
      signal: watcher.controller.signal,
    });
    watcher.status = response.status;
    watcher.headers = response.headers;
    if (response.body && response.ok) {
      watcher.ended = readSse(response.body, watcher, () => watcher.wake());
    } else {
      await response.body?.cancel();
    }
    void watcher.ended.then(() => watcher.wake());
    return watcher;
  }

  /** The events named `sale`, their data parsed. */
  sales<T = Record<string, unknown>>(): (T & { eventId: string | undefined; at: number })[] {
    return this.events
      .filter((event) => event.event === 'sale')
      .map((event) => ({ ...(JSON.parse(event.data) as T), eventId: event.id, at: event.at }));
  }

  /** Waits until `check` holds (checked at every frame), or fails after `timeoutMs`. */
  async until(check: (watcher: SseWatcher) => boolean, timeoutMs: number, what = 'the event'): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!check(this)) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, left);
        function done() {
          clearTimeout(timer);
          resolve();
        }
        this.waiters.add(done);
      });
    }
  }

  close(): void {
    this.controller.abort();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = new Set();
    for (const wake of waiters) wake();
  }
}
