import { afterEach, describe, expect, it, vi } from 'vitest';
import { beginSession, currentSession } from '@/lib/session/current';
import { TestBrowser } from '@/tooling/vitest/session';
import { rememberedWaiter, rememberedWaiterWhenAway, rememberWaiter } from './waiters';

// The sessions an instance remembers for a line's status polls: answered from memory for five minutes,
// then read again (which slides the session's idle expiry); while Redis is away, for ten.

afterEach(() => {
  vi.useRealTimers();
});

describe('remembered waiters', () => {
  it('answers a poll from memory for five minutes, then asks for the session again; away, for longer', async () => {
    const browser = new TestBrowser();
    await beginSession(browser.request(), { userId: 4242, role: 'shopper' });
    const session = (await currentSession(browser.request()))!;
    expect(await rememberedWaiter(browser.request())).toBeNull(); // never answered here yet

    vi.useFakeTimers({ toFake: ['Date'] });
    rememberWaiter(session);
    expect(await rememberedWaiter(browser.request())).toMatchObject({ id: session.id, userId: 4242 });
    // Another browser (another session) is not this one, whatever it claims.
    expect(await rememberedWaiter(new TestBrowser().request())).toBeNull();

    vi.setSystemTime(Date.now() + 5 * 60 * 1000 + 1000);
    expect(await rememberedWaiter(browser.request())).toBeNull();
    expect(await rememberedWaiterWhenAway(browser.request())).toMatchObject({ id: session.id });
  });
});
