import { readFileSync } from 'node:fs';
import path from 'node:path';

/*
 * deploy/pgbouncer.ini is what docker-compose mounts; the scale-out and the drill render it with what is the
 * machine's own (the server PgBouncer logs in to, its listen address and port) and the pool sizes of the
 * capacity model for their number of instances, every other line kept. The model is docs/capacity.md's
 * ("PostgreSQL connections"): stated for the 50 instances of a 50,000-shopper sale, scaled by instances.
 */

export const PGBOUNCER_TEMPLATE = path.join(process.cwd(), 'deploy', 'pgbouncer.ini');

/** The capacity model's figures for a fleet of `instances` (docs/capacity.md, "PostgreSQL connections"). */
export const CAPACITY_MODEL = {
  instances: 50,
  /** Each instance's pool (DATABASE_POOL_SIZE): PgBouncer's clients, cheap there (no backend each). */
  instancePool: 10,
  /** Server connections PgBouncer keeps per database for the fleet, and the reserve it adds when clients wait. */
  serverPool: 20,
  reservePool: 5,
  /** Client slots beyond two generations of instances (a rolling deploy): admins, exporters, scripts. */
  spareClients: 50,
  /** PostgreSQL's stock max_connections, which the server side must stay well inside. */
  postgresMaxConnections: 100,
} as const;

export interface PoolPlan {
  /** Every instance's DATABASE_POOL_SIZE. */
  instancePool: number;
  /** PgBouncer's max_client_conn. */
  maxClientConn: number;
  /** default_pool_size: server connections per database and user. */
  defaultPoolSize: number;
  /** reserve_pool_size: extra server connections once a client has waited reserve_pool_timeout. */
  reservePoolSize: number;
  /** max_db_connections: server connections per database, the most PostgreSQL ever sees from PgBouncer. */
  maxDbConnections: number;
}

/**
 * The model for `instances`: clients are every instance's pool, twice over (old and new instances overlap
 * in a rolling deploy) plus spare slots; the server pool scales with the traffic, that is with the instances,
 * never below two connections (one statement waiting on a row lock must not hold up every other) and one
 * in reserve.
 */
export function poolPlan(instances: number): PoolPlan {
  const model = CAPACITY_MODEL;
  const share = instances / model.instances;
  const defaultPoolSize = Math.max(2, Math.ceil(model.serverPool * share));
  const reservePoolSize = Math.max(1, Math.ceil(model.reservePool * share));
  return {
    instancePool: model.instancePool,
    maxClientConn: 2 * instances * model.instancePool + model.spareClients,
    defaultPoolSize,
    reservePoolSize,
    maxDbConnections: defaultPoolSize + reservePoolSize,
  };
}

/** `key = value` settings of an ini file's section, comments and blank lines left out. */
export function iniSection(ini: string, section: string): Map<string, string> {
  const settings = new Map<string, string>();
  let current = '';
  for (const raw of ini.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith(';') || line.startsWith('#')) continue;
    const header = /^\[(.+)\]$/.exec(line);
    if (header) current = header[1]!;
    else if (current === section) {
      const at = line.indexOf('=');
      if (at > 0) settings.set(line.slice(0, at).trim(), line.slice(at + 1).trim());
    }
  }
  return settings;
}

/** A `[databases]` line's `key=value` parameters; a quoted value keeps its spaces. */
export function connectionParameters(value: string): Map<string, string> {
  const parameters = new Map<string, string>();
  for (const [, key, quoted, plain] of value.matchAll(/(\w+)=(?:'((?:[^']|'')*)'|(\S*))/g)) {
    parameters.set(key!, quoted === undefined ? plain! : quoted.replaceAll("''", "'"));
  }
  return parameters;
}

export interface RenderOptions {
  /** PostgreSQL itself: its host, port, user and password replace the template's server. */
  databaseUrl: string;
  listenPort: number;
  plan: PoolPlan;
  template?: string;
}

const quote = (value: string) => (/[\s']/.test(value) ? `'${value.replaceAll("'", "''")}'` : value);

/** The template with the machine's lines substituted; throws when a line it replaces is not there once. */
export function renderPgbouncerConfig(options: RenderOptions): string {
  const template = options.template ?? readFileSync(PGBOUNCER_TEMPLATE, 'utf8');
  const server = new URL(options.databaseUrl);
  const { plan } = options;
  const replacements: Record<string, string> = {
    listen_addr: '127.0.0.1',
    listen_port: String(options.listenPort),
    max_client_conn: String(plan.maxClientConn),
    default_pool_size: String(plan.defaultPoolSize),
    reserve_pool_size: String(plan.reservePoolSize),
    max_db_connections: String(plan.maxDbConnections),
  };
  const seen = new Map<string, number>();
  let section = '';
  const out = template.split('\n').map((line) => {
    const header = /^\s*\[(.+)\]\s*$/.exec(line);
    if (header) section = header[1]!;
    const setting = /^(\s*)([\w*]+)\s*=\s*(.*)$/.exec(line);
    if (!setting || line.trim().startsWith(';')) return line;
    const [, indent, key, value] = setting as unknown as [string, string, string, string];
    if (section === 'databases' && key === '*') {
      seen.set('*', (seen.get('*') ?? 0) + 1);
      const parameters = connectionParameters(value);
      parameters.set('host', server.hostname);
      parameters.set('port', server.port || '5432');
      parameters.set('user', decodeURIComponent(server.username || 'postgres'));
      if (server.password) parameters.set('password', decodeURIComponent(server.password));
      else parameters.delete('password');
      const joined = [...parameters].map(([name, given]) => `${name}=${quote(given)}`).join(' ');
      return `${indent}* = ${joined}`;
    }
    if (section === 'pgbouncer' && key in replacements) {
      seen.set(key, (seen.get(key) ?? 0) + 1);
      return `${indent}${key} = ${replacements[key]}`;
    }
    return line;
  });
  for (const key of ['*', ...Object.keys(replacements)]) {
    if (seen.get(key) !== 1) {
      throw new Error(`deploy/pgbouncer.ini must set ${key} exactly once (found ${seen.get(key) ?? 0})`);
    }
  }
  return ['; Written by `npm run scale-out` from deploy/pgbouncer.ini', ...out].join('\n');
}
