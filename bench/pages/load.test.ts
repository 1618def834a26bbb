import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { load } from './load';

let server: http.Server;
let url: string;
let received = 0;

beforeAll(async () => {
  server = http.createServer((_request, response) => {
    received += 1;
    response.end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

it('sends exactly the amount asked for, at least one request per connection, and reports it', async () => {
  received = 0;
  const few = await load(url, 1, { amount: 20 });
  expect(received).toBe(20);
  expect(few.requestsPerSecond).toBeGreaterThan(0);
  expect(few.non2xx + few.errors).toBe(0);

  received = 0;
  await load(url, 32, { amount: 20 });
  expect(received).toBe(32);
});
