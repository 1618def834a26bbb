import { describe, expect, it } from 'vitest';
import { isPortFree, listenPort } from './ports';

describe('listenPort', () => {
  it('hands out free ports below the ephemeral range, never the same one twice', async () => {
    const ports: number[] = [];
    for (let i = 0; i < 50; i += 1) ports.push(await listenPort());
    expect(new Set(ports).size).toBe(50);
    for (const port of ports) {
      expect(port).toBeGreaterThanOrEqual(16_000);
      expect(port).toBeLessThan(20_000);
    }
    expect(await isPortFree(ports[0]!)).toBe(true);
  });
});
