import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { getSql } from '@/lib/db/client';
import { accountRights, forgetAccountRights, RIGHTS_TTL_MS } from './rights';

// The rights lookup on the real PostgreSQL: what it answers, how long it keeps it, and a change made through
// the storefront (forgetAccountRights) racing a read in flight.

async function newAccount() {
  const email = `rights-${randomBytes(5).toString('hex')}@example.test`;
  const [row] = await getSql()<{ id: number }[]>`
    insert into users (email, name, password_hash, role) values (${email}, 'Rights', 'x', 'admin')
    returning id`;
  return row!.id;
}

describe('accountRights', () => {
  it("answers PostgreSQL's row, keeps it at most RIGHTS_TTL_MS, and forgets it on demand", async () => {
    const id = await newAccount();
    expect(await accountRights(id)).toMatchObject({ id, role: 'admin', disabled: false });
    await getSql()`update users set role = 'shopper' where id = ${id}`;
    expect(await accountRights(id)).toMatchObject({ role: 'admin' }); // kept
    forgetAccountRights(id);
    expect(await accountRights(id)).toMatchObject({ role: 'shopper' });
    await getSql()`update users set disabled_at = now() where id = ${id}`;
    await new Promise((resolve) => setTimeout(resolve, RIGHTS_TTL_MS + 100));
    expect(await accountRights(id)).toMatchObject({ disabled: true });
  });

  it('reads an account that no longer exists as null', async () => {
    expect(await accountRights(2_000_000_000)).toBeNull();
  });

  it('answers a read that was in flight when the rights were forgotten', async () => {
    const id = await newAccount();
    const reading = accountRights(id);
    forgetAccountRights(id);
    expect(await reading).toMatchObject({ id, role: 'admin' });
  });
});
