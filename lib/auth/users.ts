import 'server-only';
import { and, eq, sql } from 'drizzle-orm';
import { getDb, type Database } from '../db/client';
import { users } from '../db/schema';
import { callDependency, pgErrorCode, RequestError, UNIQUE_VIOLATION } from '../errors';
import type { Role } from '../session/current';

/** A user as the rest of the storefront sees one: never the password hash. */
export interface PublicUser {
  id: number;
  email: string;
  name: string;
  role: Role;
}

export interface UserWithHash extends PublicUser {
  passwordHash: string;
  disabled: boolean;
}

// Disabled is a time (when), read as a flag.
const isDisabled = sql<boolean>`${users.disabledAt} is not null`;

const accountColumns = {
  id: users.id,
  email: users.email,
  name: users.name,
  role: users.role,
  disabled: isDisabled,
};
const columns = { ...accountColumns, passwordHash: users.passwordHash };

export function toPublicUser({ id, email, name, role }: PublicUser): PublicUser {
  return { id, email, name, role };
}

/** `email` must already be normalised (lower case, trimmed): the column is stored that way. */
export async function findUserByEmail(email: string): Promise<UserWithHash | null> {
  const rows = await callDependency('postgres', () =>
    getDb().select(columns).from(users).where(eq(users.email, email)).limit(1),
  );
  return rows[0] ?? null;
}

export async function findUserById(id: number): Promise<UserWithHash | null> {
  const rows = await callDependency('postgres', () =>
    getDb().select(columns).from(users).where(eq(users.id, id)).limit(1),
  );
  return rows[0] ?? null;
}

/** The message for a taken address: it says no more than a registration form must. */
export const EMAIL_UNAVAILABLE =
  "An account can't be created with this e-mail address. If you already have one, log in instead.";

/**
 * Inserts a user, a shopper unless `role` says otherwise (in `db`, which may be a transaction); a taken
 * e-mail is a 409 RequestError: the unique index decides, so two registrations racing for one address
 * cannot both win.
 */
export async function insertUser(
  input: { email: string; name: string; passwordHash: string; role?: Role },
  db: Pick<Database, 'insert'> = getDb(),
): Promise<PublicUser> {
  const rows = await callDependency('postgres', async () => {
    try {
      return await db
        .insert(users)
        .values({ role: 'shopper', ...input })
        .returning({ id: users.id, email: users.email, name: users.name, role: users.role });
    } catch (error) {
      if (pgErrorCode(error) === UNIQUE_VIOLATION) throw new RequestError(409, EMAIL_UNAVAILABLE);
      throw error;
    }
  });
  const [user] = rows;
  if (!user) throw new Error('insert into users returned no row');
  return user;
}

export async function updatePasswordHash(id: number, passwordHash: string): Promise<void> {
  await callDependency('postgres', () => getDb().update(users).set({ passwordHash }).where(eq(users.id, id)));
}

/**
 * Replaces a hash made with older parameters by one of the current ones (login's upgrade), unless the
 * password changed meanwhile: false then, and the newer password stays.
 */
export async function upgradePasswordHash(id: number, from: string, to: string): Promise<boolean> {
  const rows = await callDependency('postgres', () =>
    getDb()
      .update(users)
      .set({ passwordHash: to })
      .where(and(eq(users.id, id), eq(users.passwordHash, from)))
      .returning({ id: users.id }),
  );
  return rows.length > 0;
}

export async function setDisabled(id: number, disabled: boolean): Promise<boolean> {
  const rows = await callDependency('postgres', () =>
    getDb()
      .update(users)
      .set({ disabledAt: disabled ? sql`now()` : null })
      .where(eq(users.id, id))
      .returning({ id: users.id }),
  );
  return rows.length > 0;
}

/** A user with what authorization needs: their role and whether the account is disabled. */
export interface Account extends PublicUser {
  disabled: boolean;
}

/** The account as PostgreSQL has it now (read through ./rights.ts, which keeps it a moment). */
export async function readAccount(id: number): Promise<Account | null> {
  const [row] = await callDependency('postgres', () =>
    getDb().select(accountColumns).from(users).where(eq(users.id, id)).limit(1),
  );
  return row ?? null;
}

export async function updateRole(id: number, role: Role): Promise<boolean> {
  const rows = await callDependency('postgres', () =>
    getDb().update(users).set({ role }).where(eq(users.id, id)).returning({ id: users.id }),
  );
  return rows.length > 0;
}
