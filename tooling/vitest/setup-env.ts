import { randomBytes } from 'node:crypto';
import { afterAll, inject } from 'vitest';
import { closeProcessClients } from './close-process';

// Runs in each worker before every test file: the run's database, key prefix and secret (made by
// tooling/vitest/global-setup.ts) become the environment that lib/config.ts reads.
Object.assign(process.env, inject('testEnv'));
// Each test file its own "machine" for the password hashes' slots (lib/auth/hash-slots.ts): files run side
// by side, and one file's deliberate rush of sign-ins must not turn another file's sign-in into a 503.
process.env.MACHINE_ID = `vitest-${randomBytes(6).toString('hex')}`;
// And room for the sign-ins a file makes at once (many make shoppers in parallel): the caps' own tests
// read the slots they get (machineHashSlots), and drill 8 measures the machine's defaults.
process.env.PASSWORD_HASH_SLOTS ??= '8';

// The shared pool, Redis client, cache engine and the sale registry are opened lazily by whichever test
// needs them; close them so the worker can exit.
afterAll(closeProcessClients);
