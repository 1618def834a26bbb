import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { Agent, fetch as undiciFetch, type RequestInit as UndiciRequestInit } from 'undici';

const run = promisify(execFile);

/*
 * The scale-out's HTTPS: a self-signed certificate made once with the machine's `openssl` (kept in
 * `<dir>/tls/`, `.scale-out/tls/` for `npm run scale-out`, and made again only when missing or about to
 * expire), and a fetch for the tools that trusts that one certificate for their own requests, never
 * turning verification off for the process.
 */

export interface SelfSignedCertificate {
  certFile: string;
  keyFile: string;
  /** The certificate in PEM: what a client trusts to reach the scale-out over HTTPS. */
  pem: string;
}

/** Valid for 127.0.0.1, ::1 and localhost: the addresses the scale-out listens on and is reached by. */
const SUBJECT_ALT_NAME = 'subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1';

export async function ensureSelfSignedCertificate(dir: string): Promise<SelfSignedCertificate> {
  const tlsDir = path.join(dir, 'tls');
  const certFile = path.join(tlsDir, 'cert.pem');
  const keyFile = path.join(tlsDir, 'key.pem');
  await ensureOpenssl();
  if (!(existsSync(certFile) && existsSync(keyFile) && (await validForADay(certFile)))) {
    mkdirSync(tlsDir, { recursive: true });
    // Written beside, then renamed: a run that stops half-way never leaves a key without its certificate.
    const [newCert, newKey] = [`${certFile}.${process.pid}`, `${keyFile}.${process.pid}`];
    await run('openssl', [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '825',
      '-subj',
      '/CN=storefront scale-out',
      '-addext',
      SUBJECT_ALT_NAME,
      '-keyout',
      newKey,
      '-out',
      newCert,
    ]);
    chmodSync(newKey, 0o600);
    renameSync(newKey, keyFile);
    renameSync(newCert, certFile);
  }
  return { certFile, keyFile, pem: readFileSync(certFile, 'utf8') };
}

async function ensureOpenssl(): Promise<void> {
  try {
    await run('openssl', ['version']);
  } catch {
    throw new Error(
      'openssl is missing: the scale-out makes its HTTPS certificate with it (apt-get install -y openssl)',
    );
  }
}

async function validForADay(certFile: string): Promise<boolean> {
  return run('openssl', ['x509', '-checkend', '86400', '-noout', '-in', certFile]).then(
    () => true,
    () => false,
  );
}

/** The `fetch` signature the drills and tests use: a URL and the standard options. */
export type Fetch = (url: string, init?: RequestInit) => Promise<Response>;

export interface TrustingFetch extends Fetch {
  /** Closes its connections. */
  close(): Promise<void>;
}

/**
 * fetch over a connection pool of its own that trusts `ca` (and only it) for HTTPS, sending from
 * `localAddress` when given: any address of 127.0.0.0/8 reaches a loopback listener, so each drill
 * shopper can be a client address of its own, as nginx's per-address limits see shoppers.
 */
export function trustingFetch(ca: string, localAddress?: string): TrustingFetch {
  const dispatcher = new Agent({ connect: { ca }, ...(localAddress ? { localAddress } : {}) });
  // undici's fetch is the one Node ships, in a newer version: the same Request and Response shapes.
  const fetch = (url: string, init: RequestInit = {}) =>
    undiciFetch(url, { ...(init as UndiciRequestInit), dispatcher }) as unknown as Promise<Response>;
  return Object.assign(fetch, { close: () => dispatcher.close() });
}
