import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { ensureDebianBinary } from '../apt';
import { GaveUp, OwnedProcess, waitFor } from './child';
import { renderNginxConfig } from './nginx-config';

const run = promisify(execFile);

export const NGINX_TEMPLATE = path.join(process.cwd(), 'deploy', 'nginx.conf');
export const NGINX_MAIN_TEMPLATE = path.join(process.cwd(), 'deploy', 'nginx-main.conf');
export const NGINX_PROXY_RULES = path.join(process.cwd(), 'deploy', 'nginx-proxy.conf');
const CANDIDATES = ['/usr/sbin/nginx', '/usr/local/sbin/nginx', '/usr/bin/nginx'] as const;

/** nginx's path: Debian's, installed with apt-get (as root) when missing, as `npm test` installs Chromium. */
export function ensureNginx(log: (line: string) => void = console.log): Promise<string> {
  return ensureDebianBinary('nginx', CANDIDATES, log);
}

export interface NginxOptions {
  binary: string;
  /** Absolute directory of its config, pid, logs and temporary files. */
  prefix: string;
  /** Plain HTTP, for local use. */
  port: number;
  /** HTTPS, with `certificate`. */
  tlsPort: number;
  certificate: { certFile: string; keyFile: string };
  upstreams: string[];
  /** Keep the shipped redirect of plain HTTP to HTTPS (tests of it); the scale-out serves plain HTTP. */
  redirectHttp?: boolean;
  /** TLS terminators in front whose X-Forwarded-Proto and X-Forwarded-For nginx believes (none by default). */
  trustedTerminators?: string[];
}

/** A private nginx: its own prefix, config, pid and logs, in the foreground of a process we own. */
export class PrivateNginx {
  readonly configFile: string;
  /** Its access log (nginx-config.ts points `access_log` here): readAccessLog() parses it. */
  readonly accessLogFile: string;
  private process?: OwnedProcess;

  constructor(private readonly options: NginxOptions) {
    this.configFile = path.join(options.prefix, 'nginx.conf');
    this.accessLogFile = path.join(options.prefix, 'access.log');
  }

  get pid(): number | undefined {
    return this.process?.pid;
  }

  async start(): Promise<void> {
    const { binary, prefix, port, tlsPort } = this.options;
    mkdirSync(path.join(prefix, 'temp'), { recursive: true });
    writeFileSync(
      this.configFile,
      renderNginxConfig({
        main: readFileSync(NGINX_MAIN_TEMPLATE, 'utf8'),
        template: readFileSync(NGINX_TEMPLATE, 'utf8'),
        proxyRules: readFileSync(NGINX_PROXY_RULES, 'utf8'),
        upstreams: this.options.upstreams,
        listen: `127.0.0.1:${port}`,
        listenTls: `127.0.0.1:${tlsPort}`,
        certificate: this.options.certificate,
        redirectHttp: this.options.redirectHttp,
        trustedTerminators: this.options.trustedTerminators,
        prefix,
        // Run by root (as here), the workers stay root's: they write under the private prefix.
        workerUser: process.getuid?.() === 0 ? os.userInfo().username : undefined,
      }),
    );
    // -e: the error log before the config is read (else the compiled-in /var/log/nginx/error.log).
    const args = ['-p', prefix, '-c', this.configFile, '-e', path.join(prefix, 'error.log')];
    await run(binary, [...args, '-t']);
    this.process = new OwnedProcess(
      'nginx',
      binary,
      [...args, '-g', 'daemon off;'],
      path.join(prefix, 'nginx.out'),
      {},
      // A SIGKILLed master leaves its workers running; SIGTERM makes it stop them.
      'SIGTERM',
    );
    const nginx = this.process;
    await waitFor(`nginx on ports ${port} and ${tlsPort}`, 10_000, async () => {
      if (!nginx.running) throw new GaveUp(`nginx exited; see ${path.join(prefix, 'error.log')}`);
      return (await isListening(port)) && (await isListening(tlsPort));
    });
  }

  async stop(): Promise<void> {
    // SIGQUIT: graceful (requests in flight finish); SIGTERM would cut them.
    await this.process?.stop('SIGQUIT', 5_000);
  }
}

function isListening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
