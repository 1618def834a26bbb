import 'server-only';
import { eq } from 'drizzle-orm';
import type { z } from 'zod';
import { getDb } from '../db/client';
import { users } from '../db/schema';
import { callDependency, RequestError } from '../errors';
import { getSessionStore } from '../session/current';
import { hashPassword } from './password';
import { registerSchema } from './schemas';
import { findUserByEmail, insertUser, toPublicUser, type PublicUser } from './users';

/*
 * A deployment's first admin, and any admin after it (`npm run admin:create`, scripts/admin-create.ts):
 * there is no default account and no default password. The e-mail, name and password follow registration's
 * rules (./schemas.ts); the password is hashed as every other (./password.ts).
 *
 * A new address becomes an admin account with the password given (ADMIN_PASSWORD) or asked for. An
 * existing account is promoted and keeps its name and its password, which is its owner's: the operator
 * need not know it. Only a password given replaces it (how an operator takes back an admin account whose
 * password is lost), and then, as any password change does, every session of the account ends. A
 * promotion alone leaves the sessions be: rights are read from PostgreSQL (./rights.ts), so they see the
 * new role within its 2 s.
 */

export type AdminOutcome =
  | { kind: 'created'; user: PublicUser }
  | {
      kind: 'promoted' | 'already-admin';
      user: PublicUser;
      /** A password was given and replaced the account's; its sessions were ended. */
      passwordReplaced: boolean;
      /** The account is disabled: an admin now, but it cannot log in. */
      disabled: boolean;
    };

export interface AdminPassword {
  /** ADMIN_PASSWORD, when set. */
  given?: string;
  /** Asks for one: called only when a new account needs a password and none was given. */
  ask: () => Promise<string>;
}

const accountSchema = registerSchema.pick({ email: true, name: true });
const passwordSchema = registerSchema.shape.password;

export async function createOrPromoteAdmin(
  input: { email: string; name: string },
  password: AdminPassword,
): Promise<AdminOutcome> {
  const account = valid(accountSchema, input);
  const given = password.given === undefined ? undefined : valid(passwordSchema, password.given, 'password');
  const existing = await findUserByEmail(account.email);
  if (existing) {
    const passwordHash = given === undefined ? undefined : await hashPassword(given);
    await callDependency('postgres', () =>
      getDb()
        .update(users)
        .set({ role: 'admin', ...(passwordHash && { passwordHash }) })
        .where(eq(users.id, existing.id)),
    );
    if (passwordHash) await getSessionStore().destroyAllForUser(existing.id);
    return {
      kind: existing.role === 'admin' ? 'already-admin' : 'promoted',
      user: { ...toPublicUser(existing), role: 'admin' },
      passwordReplaced: passwordHash !== undefined,
      disabled: existing.disabled,
    };
  }
  const chosen = given ?? valid(passwordSchema, await password.ask(), 'password');
  const passwordHash = await hashPassword(chosen);
  try {
    return { kind: 'created', user: await insertUser({ ...account, passwordHash, role: 'admin' }) };
  } catch (error) {
    if (!(error instanceof RequestError && error.status === 409)) throw error;
    // Someone registered the address between the look-up and the insert: their account is not ours to take.
    throw new RequestError(
      409,
      `An account for ${account.email} was created meanwhile: run the command again.`,
    );
  }
}

/** The value, parsed; a 400 RequestError naming the field and its first problem otherwise. */
function valid<S extends z.ZodType>(schema: S, value: unknown, field?: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const name = field ?? String(issue?.path[0] ?? 'input');
  const message = issue?.message ?? 'is not valid';
  throw new RequestError(400, `${name}: ${message}`, { [name]: message });
}
