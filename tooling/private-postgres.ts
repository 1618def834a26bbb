import { execFile } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './ports';

const run = promisify(execFile);
const BIN = process.env.PG_BIN_DIR ?? '/usr/lib/postgresql/15/bin';

/**
 * A PostgreSQL cluster of the drill's own (initdb + pg_ctl on a free loopback port, in a temporary
 * directory), so the PostgreSQL drill can stop it without touching the machine's shared server. The
 * server refuses to run as root: as root, it runs as the `postgres` OS user.
 */
export class PrivatePostgres {
  private constructor(
    readonly port: number,
    readonly dir: string,
    private readonly settings: Record<string, string>,
  ) {}

  /** `settings`: server settings of its own (`-c name=value`), such as the PgBouncer drill's low max_connections. */
  static async create(settings: Record<string, string> = {}): Promise<PrivatePostgres> {
    const dir = mkdtempSync(path.join(tmpdir(), 'storefront-drill-pg-'));
    const postgres = new PrivatePostgres(await freePort(), dir, settings);
    try {
      if (asRoot()) {
        const { uid, gid } = await postgresUser();
        chownSync(dir, uid, gid);
      }
      await postgres.pg('initdb', ['-D', postgres.dataDir, '-A', 'trust', '-U', 'postgres', '--no-sync']);
      await postgres.start();
      return postgres;
    } catch (error) {
      await postgres.destroy();
      throw error;
    }
  }

  get dataDir(): string {
    return path.join(this.dir, 'data');
  }

  url(database: string): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  async start(): Promise<void> {
    const own = Object.entries(this.settings).map(([name, value]) => ` -c ${name}=${value}`);
    const options = `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=off${own.join('')}`;
    await this.pg('pg_ctl', [
      '-D',
      this.dataDir,
      '-l',
      path.join(this.dir, 'log'),
      '-o',
      options,
      '-w',
      'start',
    ]);
  }

  /** `fast`: sessions are cut at once, as when the server goes away. */
  async stop(): Promise<void> {
    await this.pg('pg_ctl', ['-D', this.dataDir, '-m', 'fast', '-w', 'stop']);
  }

  async destroy(): Promise<void> {
    await this.pg('pg_ctl', ['-D', this.dataDir, '-m', 'immediate', '-w', 'stop']).catch(() => {});
    rmSync(this.dir, { recursive: true, force: true });
  }

  private pg(program: string, args: string[]) {
    const binary = path.join(BIN, program);
    return asRoot() ? run('runuser', ['-u', 'postgres', '--', binary, ...args]) : run(binary, args);
  }
}

function asRoot(): boolean {
  return process.getuid?.() === 0 && userInfo().uid === 0;
}

async function postgresUser(): Promise<{ uid: number; gid: number }> {
  const { stdout } = await run('id', ['postgres']);
  const uid = /uid=(\d+)/.exec(stdout)?.[1];
  const gid = /gid=(\d+)/.exec(stdout)?.[1];
  if (!uid || !gid) throw new Error('no `postgres` OS user to run a private PostgreSQL as');
  return { uid: Number(uid), gid: Number(gid) };
}
