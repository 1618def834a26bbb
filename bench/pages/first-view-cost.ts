import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '../../tooling/ports';
import type { Instance } from '../../tooling/next-instance';
import { ensureNginx, PrivateNginx } from '../../tooling/scale-out/nginx';
import { ensureSelfSignedCertificate } from '../../tooling/scale-out/tls';

/*
 * What a shopper's first view of a page costs the instance that serves it, in CPU: the cached page itself,
 * then the build's files the page loads (its scripts and stylesheet), which the instance compresses on
 * every request. Those again through the shipped nginx (deploy/nginx*.conf), which keeps each file as an
 * instance sent it: after the first view, what reaches the instance is nothing.
 */

/** The instance's CPU time so far (user and system, ms), from /proc. */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1000) / CLOCK_TICKS;
}
const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;

/** What a browser asks for: every browser takes gzip. */
const BROWSER_HEADERS = { 'accept-encoding': 'gzip, deflate, br, zstd' };

async function fetchAll(base: string, paths: string[]): Promise<void> {
  await Promise.all(
    paths.map(async (file) => {
      const response = await fetch(`${base}${file}`, { headers: BROWSER_HEADERS });
      if (response.status !== 200) throw new Error(`${file}: ${response.status}`);
      await response.arrayBuffer();
    }),
  );
}

/** The instance's CPU per view (ms) of `paths` from `base`, over `views` views after one not counted. */
async function perView(pid: number, base: string, paths: string[], views: number): Promise<number> {
  await fetchAll(base, paths);
  const before = cpuMs(pid);
  for (let view = 0; view < views; view += 1) await fetchAll(base, paths);
  return (cpuMs(pid) - before) / views;
}

export interface FirstViewCost {
  /** The page's HTML (cached), ms of instance CPU per view. */
  pageMs: number;
  /** Its scripts and stylesheet straight from the instance, ms per view. */
  filesMs: number;
  /** The same through nginx after the first view, ms per view: what still reaches the instance. */
  filesThroughNginxMs: number;
  files: number;
}

/**
 * The build files a browser loads for `html`: its scripts and stylesheets under /_next/static/, except the
 * `noModule` polyfills, which only browsers without ES modules fetch.
 */
export function buildFilesOf(html: string): string[] {
  const tags = html.match(/<(?:script|link)\b[^>]*>/g) ?? [];
  const files = tags
    .filter((tag) => !/\bnoModule\b/i.test(tag))
    .map((tag) => /\b(?:src|href)="(\/_next\/static\/[^"]+)"/.exec(tag)?.[1])
    .filter((file): file is string => file !== undefined);
  return [...new Set(files)];
}

export async function firstViewCost(instance: Instance, page: string, views: number): Promise<FirstViewCost> {
  const pid = instance.process.pid;
  if (pid === undefined) throw new Error('the instance has no process id');
  const html = await (await fetch(`${instance.baseURL}${page}`)).text();
  const files = buildFilesOf(html);
  const dir = mkdtempSync(path.join(tmpdir(), 'storefront-bench-nginx-'));
  const port = await freePort();
  const nginx = new PrivateNginx({
    binary: await ensureNginx(),
    prefix: dir,
    port,
    tlsPort: await freePort(),
    certificate: await ensureSelfSignedCertificate(dir),
    upstreams: [new URL(instance.baseURL).host],
  });
  try {
    await nginx.start();
    const throughNginx = `http://127.0.0.1:${port}`;
    return {
      pageMs: await perView(pid, instance.baseURL, [page], views),
      filesMs: await perView(pid, instance.baseURL, files, views),
      filesThroughNginxMs: await perView(pid, throughNginx, files, views),
      files: files.length,
    };
  } finally {
    await nginx.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
