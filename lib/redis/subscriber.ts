import { EventEmitter } from 'node:events';
import Redis, { type RedisOptions } from 'ioredis';
import { withDeadline } from './deadline';

/*
 * The connection a pub/sub listener (the cache's invalidation bus) holds: one plain connection at a time,
 * which says when it is lost ('close') and when it is back ('ready'), so the listener knows which messages
 * it may have missed. ioredis's own Cluster subscriber moves to another node silently, hiding that gap.
 *
 * On a Cluster a PUBLISH reaches every node, masters and replicas, so any live node will do. Each new
 * connection goes to the next node in turn: the seed nodes, and every node the Cluster named (CLUSTER
 * NODES, asked on each connection), skipping those it marks failed. So losing the node it listens on costs
 * a reconnect to another one, not the bus until that node returns. A heartbeat (PING, allowed while
 * subscribed) drops a connection that stopped answering (a frozen node, a silent network), which TCP alone
 * would not notice for minutes.
 */

export interface SubscriberNode {
  host: string;
  port: number;
}

/** What a listener needs of its connection (a plain ioredis client has the same shape). */
export interface SubscriberConnection {
  readonly status: string;
  on(event: 'ready' | 'close', listener: () => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  on(event: 'message', listener: (channel: string, message: string) => void): unknown;
  subscribe(...channels: string[]): Promise<unknown>;
  /** Drops the connection; with `reconnect` true another is made (to the next node of a Cluster). */
  disconnect(reconnect?: boolean): void;
  quit(): Promise<unknown>;
}

export interface FollowingSubscriberOptions {
  /** One server (`url`), or the seed nodes of a Cluster (`clusterNodes`). */
  target: { url: string } | { clusterNodes: ReadonlyArray<SubscriberNode> };
  /** Connection options (timeouts, name); reconnecting is this class's job, not the connection's. */
  redisOptions: RedisOptions;
  /** How often the connection is PINGed, and how long a PING may take before the connection is dropped. */
  heartbeatMs?: number;
  heartbeatTimeoutMs?: number;
}

const MAX_BACKOFF_MS = 2000;

export class FollowingSubscriber extends EventEmitter implements SubscriberConnection {
  private connection: Redis | undefined;
  private readonly seeds: SubscriberNode[];
  private learned: SubscriberNode[] = [];
  private next = 0;
  private failures = 0;
  private stopped = false;
  /** 'ready' was emitted for the current connection (after CLUSTER NODES, before any SUBSCRIBE). */
  private announced = false;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private heartbeat: NodeJS.Timeout | undefined;

  constructor(private readonly options: FollowingSubscriberOptions) {
    super();
    this.seeds = 'clusterNodes' in options.target ? [...options.target.clusterNodes] : [];
    if ('clusterNodes' in options.target && this.seeds.length === 0) {
      throw new Error('FollowingSubscriber: the Cluster target names no node');
    }
    this.open();
  }

  get status(): string {
    if (this.stopped) return 'end';
    return this.announced ? 'ready' : 'connecting';
  }

  subscribe(...channels: string[]): Promise<unknown> {
    const connection = this.connection;
    if (!connection || !this.announced || connection.status !== 'ready') {
      return Promise.reject(new Error('the subscriber is not connected'));
    }
    return connection.subscribe(...channels);
  }

  disconnect(reconnect = false): void {
    if (!reconnect) this.stop();
    this.connection?.disconnect();
  }

  async quit(): Promise<void> {
    const connection = this.connection;
    this.stop();
    await connection?.quit().catch(() => connection.disconnect());
  }

  private stop(): void {
    this.stopped = true;
    clearTimeout(this.reconnectTimer);
    clearInterval(this.heartbeat);
  }

  /** The nodes to try, in turn: what the Cluster last said is alive, then the seeds. */
  private candidates(): SubscriberNode[] {
    const seen = new Set<string>();
    return [...this.learned, ...this.seeds].filter(({ host, port }) => {
      const key = `${host}:${port}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  }

  private open(): void {
    const { target, redisOptions } = this.options;
    let connection: Redis;
    if ('url' in target) {
      connection = new Redis(target.url, { ...redisOptions, retryStrategy: () => null });
    } else {
      // The next node in turn, not the one just lost (while the Cluster has not yet marked it failed).
      const lost = this.connection?.options;
      const nodes = this.candidates().filter(
        (node, _, all) => all.length === 1 || node.host !== lost?.host || node.port !== lost.port,
      );
      const node = nodes[this.next % nodes.length] ?? this.seeds[0]!;
      this.next += 1;
      connection = new Redis({
        ...redisOptions,
        host: node.host,
        port: node.port,
        retryStrategy: () => null,
      });
    }
    this.connection = connection;
    this.announced = false;
    connection.on('error', (error: Error) => this.emit('error', error));
    connection.on('message', (channel: string, message: string) => this.emit('message', channel, message));
    connection.once('ready', () => void this.ready(connection));
    // With no retry strategy a lost connection ends: then the next node is tried, after a backoff.
    connection.once('end', () => {
      if (this.connection !== connection) return;
      const wasUp = this.announced;
      this.lost(connection);
      if (!wasUp) this.failures += 1;
      if (this.stopped) return;
      const delay = Math.min(50 * 2 ** this.failures, MAX_BACKOFF_MS);
      this.reconnectTimer = setTimeout(() => this.open(), wasUp ? 0 : delay);
    });
  }

  /** The current connection can no longer be trusted to deliver: say so once ('close'). */
  private lost(connection: Redis): void {
    if (this.connection !== connection) return;
    clearInterval(this.heartbeat);
    if (!this.announced) return;
    this.announced = false;
    this.emit('close');
  }

  private async ready(connection: Redis): Promise<void> {
    if ('clusterNodes' in this.options.target) {
      // Learn the whole Cluster, replicas included, so the next reconnect has somewhere to go.
      const described = await connection.cluster('NODES').catch(() => null);
      if (typeof described === 'string') this.learned = liveNodes(described);
    }
    if (this.connection !== connection || this.stopped || connection.status !== 'ready') return;
    this.failures = 0;
    this.announced = true;
    this.startHeartbeat(connection);
    this.emit('ready');
  }

  private startHeartbeat(connection: Redis): void {
    const every = this.options.heartbeatMs ?? 2000;
    const timeout = this.options.heartbeatTimeoutMs ?? 2000;
    clearInterval(this.heartbeat);
    let inFlight = false;
    this.heartbeat = setInterval(() => {
      if (inFlight) return;
      inFlight = true;
      withDeadline(connection.ping(), timeout)
        .then(() => (inFlight = false))
        .catch(() => {
          // Down now; the connection itself may take a while to close (it is ended, then destroyed).
          this.lost(connection);
          connection.disconnect();
        });
    }, every);
    this.heartbeat.unref();
  }
}

/** The nodes CLUSTER NODES lists that are not failing, in its order. */
export function liveNodes(clusterNodes: string): SubscriberNode[] {
  const nodes: SubscriberNode[] = [];
  for (const line of clusterNodes.split('\n')) {
    const [, address, flags] = line.trim().split(' ');
    if (!address || !flags || /fail|handshake|noaddr/.test(flags)) continue;
    const hostPort = address.split('@')[0] ?? '';
    const at = hostPort.lastIndexOf(':');
    const port = Number(hostPort.slice(at + 1));
    if (at > 0 && Number.isInteger(port) && port > 0) nodes.push({ host: hostPort.slice(0, at), port });
  }
  return nodes;
}
