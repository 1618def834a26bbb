import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type APIRequestContext } from '@playwright/test';
import { DEMO_SHOPPER } from '../tooling/seed/seed-generate';
import { isCacheFunctionId } from '../lib/http/server-functions';

/*
 * Server actions called the way an attacker calls them: straight at `next start`, with ids read from the
 * build, from another site, with bodies no form of ours sends, and as someone without the role. Each is
 * refused before anything runs, with a real status (proxy.ts) or by the action's own check.
 */

interface ManifestEntry {
  filename: string;
  exportedName: string;
}

const manifest = JSON.parse(
  readFileSync(path.join(process.cwd(), '.next/server/server-reference-manifest.json'), 'utf8'),
) as { node: Record<string, ManifestEntry> };

/** The build's id of a server function, by its file and export. */
function referenceId(filename: string, exportedName: string): string {
  const found = Object.entries(manifest.node).find(
    ([, entry]) => entry.filename === filename && entry.exportedName === exportedName,
  );
  if (!found) throw new Error(`no server reference ${exportedName} in ${filename}`);
  return found[0];
}

/** The 'use cache' functions the build registered beside the actions. */
const cacheFunctionIds = Object.keys(manifest.node).filter(isCacheFunctionId);
const logInAction = referenceId('app/(personal)/account/actions.ts', 'logInAction');
const logOutAction = referenceId('app/(personal)/account/actions.ts', 'logOutAction');
const createProductAction = referenceId('app/(personal)/admin/products/actions.ts', 'createProductAction');

/**
 * A call as React's client encodes a form action's arguments: the form's fields under `_1_`, then the
 * argument list (the previous state and the form), in that order.
 */
function actionCall(fields: Record<string, string>): FormData {
  const body = new FormData();
  for (const [name, value] of Object.entries(fields)) body.append(`_1_${name}`, value);
  body.append('0', JSON.stringify([{ status: 'idle' }, '$K1']));
  return body;
}

function noArguments(): FormData {
  const body = new FormData();
  body.append('0', '[]');
  return body;
}

async function signIn(request: APIRequestContext) {
  const login = await request.post('/api/auth/login', {
    data: { email: DEMO_SHOPPER.email, password: DEMO_SHOPPER.password },
  });
  expect(login.status()).toBe(200);
}

test("no 'use cache' function can be called as an action, from JavaScript or a plain form", async ({
  request,
}) => {
  expect(cacheFunctionIds.length).toBeGreaterThan(0);
  for (const id of cacheFunctionIds) {
    const body = new FormData();
    body.append('0', '[100000]');
    const called = await request.post('/', { headers: { 'Next-Action': id }, multipart: body });
    expect(called.status(), id).toBe(404);
    const posted = new FormData();
    posted.append('$ACTION_REF_1', '');
    posted.append('$ACTION_1:0', JSON.stringify({ id, bound: '$@1' }));
    posted.append('$ACTION_1:1', '[100000]');
    expect((await request.post('/', { multipart: posted })).status(), id).toBe(404);
    const unbound = new FormData();
    unbound.append(`$ACTION_ID_${id}`, '');
    expect((await request.post('/', { multipart: unbound })).status(), id).toBe(404);
  }
});

test('an action posted from another site is a 403 and does nothing', async ({ request }) => {
  await signIn(request);
  const crossSite: Record<string, string>[] = [
    { Origin: 'http://evil.example' },
    { Origin: 'null' },
    // An Origin left out (an old browser, a redirect) with the browser's other words for "another site".
    { 'Sec-Fetch-Site': 'cross-site' },
    { Referer: 'http://evil.example/page' },
  ];
  for (const headers of crossSite) {
    const logOut = await request.post('/', {
      headers: { ...headers, 'Next-Action': logOutAction },
      multipart: noArguments(),
    });
    expect(logOut.status(), JSON.stringify(headers)).toBe(403);
  }
  // Still signed in: none of them ran.
  expect((await request.get('/api/auth/me')).status()).toBe(200);
  const login = await request.post('/login', {
    headers: { Origin: 'http://evil.example', 'Next-Action': logInAction },
    multipart: actionCall({ email: DEMO_SHOPPER.email, password: DEMO_SHOPPER.password }),
  });
  expect(login.status()).toBe(403);
});

test('an action body past 1 MB is a 413', async ({ request }) => {
  const response = await request.post('/login', {
    headers: { 'Next-Action': logInAction },
    multipart: actionCall({ email: 'x'.repeat(1_100_000), password: 'whatever-password' }),
  });
  expect(response.status()).toBe(413);
});

test('a shopper calling an admin action directly is refused by the action itself', async ({ request }) => {
  await signIn(request);
  const slug = `not-by-a-shopper-${Date.now()}`;
  const response = await request.post('/admin/products/new', {
    headers: { 'Next-Action': createProductAction },
    multipart: actionCall({
      name: 'Made by a shopper',
      description: 'x',
      price: '1.00',
      stock: '5',
      category: 'garden',
      slug,
    }),
  });
  expect(await response.text()).toContain('Admins only.');
  expect((await request.get(`/api/products/${slug}`)).status()).toBe(404);
});
