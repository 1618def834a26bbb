import { beforeAll, describe, expect, it } from 'vitest';
import { TestBrowser } from '@/tooling/vitest/session';
import { GET } from './route';

// With METRICS_TOKEN set, /api/health's details go to a bearer of it, from anywhere, as /api/metrics does
// (lib/http/operator-access.ts); everyone else, this machine included, learns only the status.

const TOKEN = 'a-health-token-of-some-length';

beforeAll(() => {
  // lib/config.ts reads the environment on first use, which comes after this (each test file is its own process).
  process.env.METRICS_TOKEN = TOKEN;
});

describe('GET /api/health with METRICS_TOKEN', () => {
  it('gives a bearer of the token the details, wherever it asks from', async () => {
    const answer = await new TestBrowser('198.51.100.7').call(GET, 'GET', '/api/health', {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({
      status: 'ok',
      postgres: 'up',
      redis: 'up',
      warnings: expect.any(Array),
    });
  });

  it.each([undefined, `Bearer ${TOKEN}x`, `Basic ${TOKEN}`])(
    'answers only the status to %j, this machine included',
    async (authorization) => {
      for (const ip of ['198.51.100.7', '127.0.0.1']) {
        const answer = await new TestBrowser(ip).call(GET, 'GET', '/api/health', {
          headers: authorization ? { authorization } : {},
        });
        expect(answer).toMatchObject({ status: 200, json: { status: 'ok' } });
        expect(Object.keys(answer.json as object)).toEqual(['status']);
      }
    },
  );
});
