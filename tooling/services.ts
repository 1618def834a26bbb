import Redis from 'ioredis';
import postgres from 'postgres';
import type { Config } from '../lib/config';
import { startPlan, type ServiceName, type StartedServer, type StartPlan } from './service-starters';

/*
 * PostgreSQL and Redis at the addresses the configuration names: are they answering, and when one is not,
 * what now. One module for `npm run demo` and `npm test` (which start what they may) and `npm start`'s
 * prestart (which only reports).
 *
 * A service that is not answering is started here only when all of these hold: the caller asks for it;
 * its address is this machine's loopback (127.0.0.1, localhost, ::1); the port is one the caller counts
 * as startable, by default the service's own (5432, 6379); and its server is installed. The loopback rule
 * holds whatever the caller lists: nothing is ever started for another machine's address. Every service
 * still missing is named with its address and variable, and the two ways out: the command that starts it
 * here, and Docker.
 */

export type { ServiceName };

export interface Address {
  host: string;
  port: number;
}

/** One server the configuration names. */
export interface ServiceTarget {
  service: ServiceName;
  /** The variables naming it: `['REDIS_URL', 'SESSION_REDIS_URL']` when both name one server. */
  variables: string[];
  /** One URL, or a Cluster's seed nodes (the Cluster answers when any of them does). */
  nodes: Array<{ address: Address; url: string }>;
  cluster?: boolean;
}

export const DEFAULT_PORTS: Record<ServiceName, number> = { PostgreSQL: 5432, Redis: 6379 };
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);
/** What `docker compose up -d postgres redis` serves (docker-compose.yml's services, published on loopback). */
export const DOCKER_LINE =
  'docker compose up -d postgres redis   (PostgreSQL on 127.0.0.1:5432, Redis on 127.0.0.1:6379)';

/** A refused or unreachable server shows within this long; a slower answer counts as none. */
const CHECK_TIMEOUT_MS = 2000;
const START_TIMEOUT_MS: Record<ServiceName, number> = { PostgreSQL: 30_000, Redis: 10_000 };

type ServiceConfig = Pick<Config, 'DATABASE_URL' | 'REDIS_URL' | 'SESSION_REDIS_URL' | 'REDIS_CLUSTER_NODES'>;

/** The servers a configuration names: DATABASE_URL; REDIS_CLUSTER_NODES, else REDIS_URL; SESSION_REDIS_URL. */
export function serviceTargets(config: ServiceConfig): ServiceTarget[] {
  const single = (service: ServiceName, variable: string, url: string): ServiceTarget => ({
    service,
    variables: [variable],
    nodes: [{ address: addressOf(service, url), url }],
  });
  const cache = config.REDIS_CLUSTER_NODES
    ? {
        service: 'Redis' as const,
        variables: ['REDIS_CLUSTER_NODES'],
        nodes: config.REDIS_CLUSTER_NODES.map((address) => ({
          address,
          url: `redis://${formatAddress(address)}`,
        })),
        cluster: true,
      }
    : single('Redis', 'REDIS_URL', config.REDIS_URL);
  const targets = [single('PostgreSQL', 'DATABASE_URL', config.DATABASE_URL), cache];
  if (config.SESSION_REDIS_URL) {
    const sessions = single('Redis', 'SESSION_REDIS_URL', config.SESSION_REDIS_URL);
    const same = !cache.cluster && sameAddress(cache.nodes[0]!.address, sessions.nodes[0]!.address);
    if (same) cache.variables.push('SESSION_REDIS_URL');
    else targets.push(sessions);
  }
  return targets;
}

function addressOf(service: ServiceName, url: string): Address {
  const parsed = new URL(url);
  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1') || 'localhost';
  return { host, port: parsed.port ? Number(parsed.port) : DEFAULT_PORTS[service] };
}

function sameAddress(a: Address, b: Address): boolean {
  return a.host === b.host && a.port === b.port;
}

export function formatAddress({ host, port }: Address): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** Whether the server answers at all: its own refusal (a wrong password, a database not made yet) counts. */
export async function answers(target: ServiceTarget): Promise<boolean> {
  const ask = target.service === 'PostgreSQL' ? postgresAnswers : redisAnswers;
  const replies = await Promise.all(target.nodes.map((node) => ask(node.url)));
  return replies.some(Boolean);
}

async function postgresAnswers(url: string): Promise<boolean> {
  const sql = postgres(url, { max: 1, connect_timeout: CHECK_TIMEOUT_MS / 1000, onnotice: () => {} });
  try {
    await sql`select 1`;
    return true;
  } catch (error) {
    return error instanceof postgres.PostgresError;
  } finally {
    await sql.end({ timeout: 1 });
  }
}

// A client of its own, not lib/redis's: one attempt, no retries, a short timeout.
async function redisAnswers(url: string): Promise<boolean> {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: CHECK_TIMEOUT_MS,
    commandTimeout: CHECK_TIMEOUT_MS,
    retryStrategy: () => null,
    maxRetriesPerRequest: 0,
    enableReadyCheck: false,
  });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.ping();
    return true;
  } catch (error) {
    return error instanceof Error && error.name === 'ReplyError';
  } finally {
    client.disconnect();
  }
}

export interface EnsureOptions {
  /** Start what is not answering where the rule above allows (the demo, npm test); false only reports. */
  start: boolean;
  /**
   * The loopback ports that count as startable, by default each service's own. Tests name a private port
   * here; a non-loopback address is never started whatever is listed.
   */
  startable?: ReadonlyArray<{ service: ServiceName; port: number }>;
}

export const LOCAL_DEFAULTS = [
  { service: 'PostgreSQL', port: DEFAULT_PORTS.PostgreSQL },
  { service: 'Redis', port: DEFAULT_PORTS.Redis },
] as const;

export interface Started extends StartedServer {
  target: ServiceTarget;
}

export interface Missing {
  target: ServiceTarget;
  /** Why it was not started: undefined when starting was not asked for. */
  reason?: string;
  /** What to do here: the command that starts it, or which server here to point its variable at. */
  wayOut: string;
}

/** Checks every target (together), starts what it may (one by one), and says what is still missing. */
export async function ensureServices(
  targets: ServiceTarget[],
  options: EnsureOptions,
): Promise<{ started: Started[]; missing: Missing[] }> {
  const answering = await Promise.all(targets.map(answers));
  const started: Started[] = [];
  const missing: Missing[] = [];
  for (const [index, target] of targets.entries()) {
    if (answering[index]) continue;
    const { host, port } = target.nodes[0]!.address;
    const planPort = LOOPBACK.has(host) ? port : DEFAULT_PORTS[target.service];
    const plan = target.cluster ? CLUSTER_PLAN : await startPlan(target.service, planPort);
    const unstarted = { target, wayOut: await wayOutHere(target, plan, plan.port ?? planPort) };
    if (!options.start) {
      missing.push(unstarted);
      continue;
    }
    const reason = whyNotStarted(target, options.startable ?? LOCAL_DEFAULTS);
    if (reason || !plan.start) {
      missing.push({ ...unstarted, reason: reason ?? plan.unstartable });
      continue;
    }
    try {
      const server = await plan.start();
      await waitUntilAnswering(target, server);
      started.push({ ...server, target });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      missing.push({ ...unstarted, reason: `starting it here failed: ${message}` });
    }
  }
  return { started, missing };
}

const CLUSTER_PLAN: StartPlan = {
  command: 'start its nodes, or unset REDIS_CLUSTER_NODES to use one Redis (REDIS_URL)',
};

/**
 * The plan's command when its server would listen at the target's address; otherwise (another machine, a
 * port no server here uses) the one here to point the variable at: already answering, or started so.
 */
async function wayOutHere(target: ServiceTarget, plan: StartPlan, serverPort: number): Promise<string> {
  const address = target.nodes[0]!.address;
  if (target.cluster || (LOOPBACK.has(address.host) && serverPort === address.port)) return plan.command;
  const here = { host: '127.0.0.1', port: serverPort };
  const variable = target.variables[0];
  const scheme = target.service === 'PostgreSQL' ? 'postgres://postgres@' : 'redis://';
  const url = `${scheme}${formatAddress(here)}`;
  const local: ServiceTarget = { service: target.service, variables: [], nodes: [{ address: here, url }] };
  if (await answers(local)) {
    return `none needed: one answers at ${formatAddress(here)}, point ${variable} there`;
  }
  return `${plan.command}   (then point ${variable} at ${formatAddress(here)})`;
}

/** Why a target that is not answering may not be started here, or undefined when it may. */
export function whyNotStarted(
  target: ServiceTarget,
  startable: EnsureOptions['startable'] = LOCAL_DEFAULTS,
): string | undefined {
  if (target.cluster) return 'a Cluster is not started here';
  const address = target.nodes[0]!.address;
  if (!LOOPBACK.has(address.host)) return `${address.host} is not this machine`;
  const listed = startable.some((entry) => entry.service === target.service && entry.port === address.port);
  if (!listed) {
    const usual = formatAddress({ host: '127.0.0.1', port: DEFAULT_PORTS[target.service] });
    return `${formatAddress(address)} is not its local default address, ${usual}`;
  }
  return undefined;
}

async function waitUntilAnswering(target: ServiceTarget, server: StartedServer): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS[target.service];
  while (Date.now() < deadline) {
    if (await answers(target)) return;
    const exit = server.exited?.();
    if (exit) throw new Error(exit);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(
    `started (${server.how}), but it did not answer within ${START_TIMEOUT_MS[target.service] / 1000} s`,
  );
}

/** "Redis at 127.0.0.1:6379 (REDIS_URL, SESSION_REDIS_URL)", with `state` after the name. */
function describe(target: ServiceTarget, state: string): string {
  const name = target.cluster ? `${target.service} Cluster` : target.service;
  const addresses = target.nodes.map((node) => formatAddress(node.address)).join(', ');
  return `${name} ${state} at ${addresses} (${target.variables.join(', ')})`;
}

/** The one line saying a service was started. */
export function startedLine({ target, how }: Started): string {
  return `${describe(target, 'was not answering')}: started it here (${how})`;
}

/** Lines naming each missing service, its address and variable, what starts it here, and Docker. */
export function missingLines(missing: Missing[]): string[] {
  const lines = missing.flatMap(({ target, reason, wayOut }) => [
    `✗ ${describe(target, 'is not answering')}${reason ? `; not started: ${reason}` : ''}`,
    `    start it here:   ${wayOut}`,
  ]);
  return [...lines, `  or with Docker:    ${DOCKER_LINE}`];
}

/**
 * The entry points' step: checks (and, with `start`, starts) the configured services, prints a line per
 * service started and, when any is still missing, the lines naming it, then `stopped` (the caller's last
 * word), through `print` (default: the console). Returns whether all of them answer.
 */
export async function requireServices(
  config: ServiceConfig,
  options: EnsureOptions & { stopped?: string; print?: (line: string) => void },
): Promise<boolean> {
  const { started, missing } = await ensureServices(serviceTargets(config), options);
  const print = options.print ?? console.log;
  const printError = options.print ?? console.error;
  for (const server of started) print(startedLine(server));
  if (missing.length === 0) return true;
  printError([...missingLines(missing), ...(options.stopped ? [options.stopped] : [])].join('\n'));
  return false;
}
