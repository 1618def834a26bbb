import { execFileSync } from 'node:child_process';
import { chownSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import postgres from 'postgres';
import { ensureDebianBinary } from '../apt';
import { GaveUp, OwnedProcess, waitFor } from './child';
import { renderPgbouncerConfig, PGBOUNCER_TEMPLATE, poolPlan, type PoolPlan } from './pgbouncer-config';

/*
 * PgBouncer between the instances and PostgreSQL (`npm run scale-out -- --observe`, the PgBouncer drill):
 * Debian's `pgbouncer`, in transaction mode, as a private process on deploy/pgbouncer.ini with the machine's
 * own lines substituted (./pgbouncer-config.ts) and the pool sizes of the capacity model for this many
 * instances. The instances get its URL with DATABASE_POOLER=transaction (prepared statements off, the
 * statement timeout set by PgBouncer on each server connection) and DATABASE_DIRECT_URL for what needs a
 * session of its own (migrations, the seed).
 */

const BINARY = '/usr/sbin/pgbouncer';

/** pgbouncer's path: Debian's package, installed with apt-get (as root) when missing, as nginx is. */
export function ensurePgbouncer(log: (line: string) => void = console.log): Promise<string> {
  return ensureDebianBinary('pgbouncer', [BINARY], log);
}

export interface PgbouncerOptions {
  /** Where its config and log go (`<dir>/pgbouncer.ini`, `<dir>/logs/pgbouncer.log`). */
  dir: string;
  port: number;
  /** PostgreSQL itself: the server PgBouncer logs in to, as this URL's user, for every database. */
  databaseUrl: string;
  /** How many instances share it: the pool sizes come from the capacity model for this many. */
  instances: number;
}

/** A private pgbouncer: its own config and log, in the foreground of a process we own. */
export class PrivatePgbouncer {
  readonly configFile: string;
  readonly logFile: string;
  readonly plan: PoolPlan;
  private process?: OwnedProcess;

  constructor(private readonly options: PgbouncerOptions) {
    this.configFile = path.join(options.dir, 'pgbouncer.ini');
    this.logFile = path.join(options.dir, 'logs', 'pgbouncer.log');
    this.plan = poolPlan(options.instances);
  }

  get port(): number {
    return this.options.port;
  }

  get pid(): number | undefined {
    return this.process?.running ? this.process.pid : undefined;
  }

  /** `databaseUrl` with PgBouncer in PostgreSQL's place: what the instances connect to. */
  urlFor(databaseUrl: string): string {
    const url = new URL(databaseUrl);
    url.hostname = '127.0.0.1';
    url.port = String(this.port);
    return url.toString();
  }

  /**
   * What an instance gets in place of PostgreSQL's URL: PgBouncer's, the pooler named (prepared statements
   * off, no settings at connect), PostgreSQL itself for the migrations, and the planned pool size.
   */
  instanceEnv(): Record<string, string> {
    return {
      DATABASE_URL: this.urlFor(this.options.databaseUrl),
      DATABASE_POOLER: 'transaction',
      DATABASE_DIRECT_URL: this.options.databaseUrl,
      DATABASE_POOL_SIZE: String(this.plan.instancePool),
    };
  }

  /** Its admin console (SHOW POOLS, SHOW STATS…): simple queries only, no type lookups. */
  admin(): postgres.Sql {
    const url = new URL(this.urlFor(this.options.databaseUrl));
    url.pathname = '/pgbouncer';
    return postgres(url.toString(), { max: 1, fetch_types: false, prepare: false, onnotice: () => {} });
  }

  async start(binary: string): Promise<void> {
    const { port, databaseUrl } = this.options;
    mkdirSync(path.dirname(this.logFile), { recursive: true });
    writeFileSync(
      this.configFile,
      renderPgbouncerConfig({ databaseUrl, listenPort: port, plan: this.plan }),
      { mode: 0o600 }, // it may hold the URL's password
    );
    // PgBouncer refuses to run as root: as root it drops to the `postgres` OS user (Debian's package
    // depends on postgresql-common, which makes it), which must read its config.
    const asRoot = process.getuid?.() === 0;
    if (asRoot) chownSync(this.configFile, ...postgresIds());
    this.process = new OwnedProcess(
      'pgbouncer',
      binary,
      [...(asRoot ? ['-u', 'postgres'] : []), this.configFile],
      this.logFile,
      {},
      'SIGKILL',
    );
    const pgbouncer = this.process;
    const admin = this.admin();
    try {
      await waitFor(`pgbouncer on port ${port}`, 10_000, async () => {
        if (!pgbouncer.running) throw new GaveUp(`pgbouncer exited; see ${this.logFile}`);
        await admin.unsafe('SHOW VERSION').simple();
        return true;
      });
    } catch (error) {
      await pgbouncer.stop('SIGKILL');
      throw error;
    } finally {
      await admin.end({ timeout: 1 });
    }
  }

  /** SIGINT: a safe shutdown (transactions in flight finish), then SIGKILL after 5 s. */
  async stop(): Promise<void> {
    await this.process?.stop('SIGINT', 5_000);
  }
}

/** The template the scale-out renders: docker-compose mounts it as it is. */
export { PGBOUNCER_TEMPLATE };

/** The topology's option: PgBouncer on `port` (its pool sizes the capacity model's for the instances). */
export interface PgbouncerTopologyOptions {
  port: number;
}

/** Starts PgBouncer in front of `databaseUrl` (installing Debian's package when missing). */
export async function startPgbouncer(
  options: PgbouncerOptions & { log: (line: string) => void },
): Promise<{ pgbouncer: PrivatePgbouncer; env: Record<string, string> }> {
  const binary = await ensurePgbouncer(options.log);
  const pgbouncer = new PrivatePgbouncer(options);
  await pgbouncer.start(binary);
  const { plan } = pgbouncer;
  options.log(
    `PgBouncer: 127.0.0.1:${options.port} (transaction pooling; ${plan.instancePool} connections per instance, ` +
      `at most ${plan.maxDbConnections} to PostgreSQL), config ${pgbouncer.configFile}`,
  );
  return { pgbouncer, env: pgbouncer.instanceEnv() };
}

function postgresIds(): [number, number] {
  const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
  if (!Number.isInteger(uid) || !Number.isInteger(gid)) throw new Error('no `postgres` OS user');
  return [uid, gid];
}
