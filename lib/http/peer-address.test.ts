import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { peerAddress, stampPeerAddresses } from './peer-address';

describe('stampPeerAddresses', () => {
  it("stamps each request with its socket's address, over whatever the client wrote", async () => {
    stampPeerAddresses();
    stampPeerAddresses(); // a second call (a development reload) changes nothing
    const seen: (string | null)[] = [];
    const server = createServer((request, response) => {
      seen.push(peerAddress(new Headers(request.headers as Record<string, string>)));
      response.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      await fetch(`http://127.0.0.1:${port}/`, {
        headers: { 'x-storefront-peer': 'guessed 203.0.113.9', 'x-forwarded-for': '203.0.113.9' },
      });
      await fetch(`http://127.0.0.1:${port}/`);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    expect(seen).toEqual(['127.0.0.1', '127.0.0.1']);
  });
});
