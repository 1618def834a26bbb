import { describe, expect, it } from 'vitest';
import { parseAccessLog } from './access-log';

describe('parseAccessLog', () => {
  it('reads method, path, status and nginx’s request time (ms) from the upstream format', () => {
    const log = [
      '127.5.0.1 [07/Dec/2026:18:03:50 +0000] "POST /api/auth/login HTTP/1.1" 503 0.151 upstream=127.0.0.1:17510 status=503 time=0.150',
      '127.4.0.2 [07/Dec/2026:18:03:51 +0000] "GET /products?page=1 HTTP/1.1" 200 1.002 upstream=127.0.0.1:17511 status=200 time=1.001',
      '',
      'not a log line',
    ].join('\n');
    expect(parseAccessLog(log)).toEqual([
      { method: 'POST', path: '/api/auth/login', status: 503, ms: 151 },
      { method: 'GET', path: '/products?page=1', status: 200, ms: 1002 },
    ]);
  });
});
