import { readFileSync } from 'node:fs';

/*
 * nginx's access log of a running topology (PrivateNginx's `accessLogFile`, the `upstream` format of
 * deploy/nginx-main.conf), read back: how long the site took to answer each request as nginx saw it, from its
 * first byte in to its last byte out. A load generator on the same cores adds its own event loop's delays to
 * what it measures; this is the site's own figure.
 */

export interface AccessLogEntry {
  method: string;
  path: string;
  status: number;
  /** nginx's $request_time, in ms. */
  ms: number;
}

// 127.5.0.1 [07/Dec/2026:18:01:11 +0000] "POST /api/auth/login HTTP/1.1" 503 0.123 upstream=…
const LINE = /^\S+ \[[^\]]+\] "(\S+) (\S+) [^"]*" (\d{3}) (\d+(?:\.\d+)?)/;

export function parseAccessLog(text: string): AccessLogEntry[] {
  return text.split('\n').flatMap((line) => {
    const match = LINE.exec(line);
    if (!match) return [];
    const [, method, requestPath, status, seconds] = match;
    return [{ method: method!, path: requestPath!, status: Number(status), ms: Number(seconds) * 1000 }];
  });
}

/**
 * The entries logged so far. nginx writes its log through a buffer flushed every second
 * (deploy/nginx-main.conf), so wait past that after the requests of interest.
 */
export function readAccessLog(file: string): AccessLogEntry[] {
  return parseAccessLog(readFileSync(file, 'utf8'));
}
