import type { SubscriberConnection } from '../redis/subscriber';

/**
 * The invalidation bus: every instance subscribes to one channel under the key prefix; `invalidate()`
 * publishes the entry's key there so other instances drop it from their in-process tier.
 *
 * Pub/sub is at-most-once: messages published while a subscriber is disconnected are lost. So the bus
 * reports 'down' as soon as its connection closes and 'up' only once it is subscribed again, and the
 * engine flushes (and bypasses) the in-process tier in between. The connection (lib/redis/subscriber.ts)
 * also reports one that stopped answering (heartbeat), and on a Cluster reconnects to another live node.
 */

export interface BusHandlers {
  onInvalidate(valueKey: string): void;
  onStateChange(up: boolean): void;
}

interface BusMessage {
  /** The publishing instance, which has already dropped the key itself. */
  origin: string;
  key: string;
}

export function encodeBusMessage(origin: string, key: string): string {
  return JSON.stringify({ origin, key } satisfies BusMessage);
}

function decodeBusMessage(raw: string): BusMessage | undefined {
  try {
    const message = JSON.parse(raw) as Partial<BusMessage>;
    return typeof message.origin === 'string' && typeof message.key === 'string'
      ? { origin: message.origin, key: message.key }
      : undefined;
  } catch {
    return undefined;
  }
}

export class InvalidationBus {
  private up = false;
  private closed = false;

  constructor(
    private readonly subscriber: SubscriberConnection,
    private readonly channel: string,
    private readonly instanceId: string,
    private readonly handlers: BusHandlers,
  ) {
    // Connection errors are reported through 'close'; an unhandled 'error' event would crash the process.
    subscriber.on('error', () => {});
    subscriber.on('ready', () => void this.subscribe());
    subscriber.on('close', () => this.setUp(false));
    subscriber.on('message', (channel: string, raw: string) => this.receive(channel, raw));
    if (subscriber.status === 'ready') void this.subscribe();
  }

  get isUp(): boolean {
    return this.up;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.setUp(false);
    await this.subscriber.quit().catch(() => this.subscriber.disconnect());
  }

  private async subscribe(): Promise<void> {
    try {
      await this.subscriber.subscribe(this.channel);
      if (!this.closed) this.setUp(true);
    } catch {
      // Not subscribed means invalidations would be missed: drop the connection and let it retry.
      if (!this.closed) this.subscriber.disconnect(true);
    }
  }

  private setUp(up: boolean): void {
    if (this.up === up) return;
    this.up = up;
    this.handlers.onStateChange(up);
  }

  private receive(channel: string, raw: string): void {
    if (channel !== this.channel) return;
    const message = decodeBusMessage(raw);
    if (message && message.origin !== this.instanceId) this.handlers.onInvalidate(message.key);
  }
}
