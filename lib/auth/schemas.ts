import { z } from 'zod';
import { singleLineText } from '../validation';

/*
 * What the auth forms and JSON routes accept. E-mail addresses are normalised (trimmed, lower case) before
 * anything else sees them, matching the users table's lower-case check. Passwords are never trimmed or
 * altered (password.ts applies NFKC for hashing), but like every text field here they may hold no control
 * character or lone surrogate (lib/validation.ts); the upper bound keeps a hostile 1 MB "password" from
 * reaching the hash, well above OWASP's advice to allow at least 64 characters.
 */

export const PASSWORD_MIN = 8;
const PASSWORD_MAX = 256;

const email = z
  .string({ error: 'Enter your e-mail address' })
  .trim()
  .toLowerCase()
  .check(singleLineText('An e-mail address cannot contain control or invalid characters'))
  .max(254, { error: 'That e-mail address is too long' })
  .pipe(z.email({ error: 'Enter a valid e-mail address' }));

const passwordCharacters = singleLineText('A password cannot contain control or invalid characters');

const newPassword = z
  .string({ error: 'Choose a password' })
  .check(passwordCharacters)
  .min(PASSWORD_MIN, { error: `Use at least ${PASSWORD_MIN} characters` })
  .max(PASSWORD_MAX, { error: `Use at most ${PASSWORD_MAX} characters` });

// Logging in checks only that something was typed: length rules apply when a password is chosen.
const existingPassword = z
  .string({ error: 'Enter your password' })
  .check(passwordCharacters)
  .min(1, { error: 'Enter your password' })
  .max(PASSWORD_MAX, { error: 'Incorrect e-mail or password' });

export const registerSchema = z.object({
  name: z
    .string({ error: 'Enter your name' })
    .trim()
    .check(singleLineText('A name cannot contain control or invalid characters'))
    .min(1, { error: 'Enter your name' })
    .max(100, { error: 'Use at most 100 characters' }),
  email,
  password: newPassword,
});

/**
 * "Keep me signed in": the form's checkbox ('on' when ticked, absent when not) or the API's boolean. Kept,
 * the session ends at the absolute limit only, not after SESSION_IDLE_SECONDS without a visit: a shopper who
 * signs in before a drop is still signed in when it opens.
 */
const keepSignedIn = z
  .union([z.boolean(), z.literal('on')], { error: 'Must be true or false.' })
  .optional()
  .transform((value) => value === true || value === 'on');

export const loginSchema = z.object({ email, password: existingPassword, keepSignedIn });

export const changePasswordSchema = z.object({
  currentPassword: existingPassword,
  newPassword,
});

export type RegisterInput = z.output<typeof registerSchema>;
export type LoginInput = Omit<z.output<typeof loginSchema>, 'keepSignedIn'> & { keepSignedIn?: boolean };
export type ChangePasswordInput = z.output<typeof changePasswordSchema>;
