import { describe, expect, it } from 'vitest';
import { DEMO_ADMIN, DEMO_SHOPPER, signedIn } from '@/test/admin';
import { TestBrowser } from '@/test/session';
import * as adminUnknown from './admin/[...path]/route';
import * as unknown from './[...path]/route';

// An /api address no route serves answers like the rest of the JSON API: `{error}` with a 404, and under
// /api/admin only once the caller has passed the admin check every admin route makes.

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

describe('an /api address no route serves', () => {
  it.each(METHODS)('%s answers a JSON 404 {error}', async (method) => {
    const answer = await new TestBrowser().call(unknown[method], method, '/api/no-such-thing', {
      ...(method === 'GET' || method === 'DELETE' ? {} : { body: {} }),
    });
    expect(answer.status).toBe(404);
    expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
    expect(answer.json).toEqual({ error: expect.any(String) });
  });

  it('under /api/admin: 401 signed out, 403 as a shopper, 404 for an admin', async () => {
    const call = (browser: TestBrowser) => browser.call(adminUnknown.GET, 'GET', '/api/admin/no-such-thing');
    const strangers = [await call(new TestBrowser()), await call(await signedIn(DEMO_SHOPPER))];
    expect(strangers.map((answer) => [answer.status, answer.json])).toEqual([
      [401, { error: expect.any(String) }],
      [403, { error: expect.any(String) }],
    ]);
    const admin = await call(await signedIn(DEMO_ADMIN));
    expect(admin.status).toBe(404);
    expect(admin.json).toEqual({ error: expect.any(String) });
  });

  it('refuses a foreign Origin with 403 before anything else', async () => {
    const answer = await new TestBrowser().call(unknown.POST, 'POST', '/api/no-such-thing', {
      body: {},
      headers: { origin: 'https://elsewhere.example' },
    });
    expect(answer.status).toBe(403);
  });
});
