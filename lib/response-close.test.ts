import { EventEmitter } from 'node:events';
import http from 'node:http';
import { describe, expect, it } from 'vitest';
import { onResponseClose } from './response-close';

/*
 * A real server: ours first (as the diagnostics-channel subscribers run before Next.js sees the request),
 * then as many 'close' listeners as Node allows an answer, the framework's share.
 */

describe('onResponseClose', () => {
  it("runs once the answer closes, and never pushes the framework's listeners past Node's bound", async () => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    const closed: string[] = [];
    const server = http.createServer((_request, response) => {
      onResponseClose(response, () => closed.push('counter'));
      onResponseClose(response, () => closed.push('drain'));
      for (let i = 0; i < EventEmitter.defaultMaxListeners; i += 1) response.once('close', () => {});
      response.end('ok');
    });
    process.on('warning', onWarning);
    try {
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const { port } = server.address() as { port: number };
      expect(await (await fetch(`http://127.0.0.1:${port}/`)).text()).toBe('ok');
      await expect.poll(() => closed).toEqual(['counter', 'drain']);
      // Node emits the warning on the next tick after the listener that passes the bound.
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off('warning', onWarning);
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
    expect(warnings.map((warning) => warning.name)).not.toContain('MaxListenersExceededWarning');
  });
});
