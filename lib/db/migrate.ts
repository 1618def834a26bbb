import path from 'node:path';
import { drizzle } from 'drizzle-orm/postgres-js';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { pgErrorCode, UNIQUE_VIOLATION } from '../errors';

// Any fixed 64-bit number works, as long as nothing else in the database takes the same advisory lock.
const MIGRATION_LOCK_ID = 7_261_944_310;

const DUPLICATE_DATABASE = '42P04';

/** Creates the database named in `databaseUrl` when it is missing. Safe when several processes race. */
async function ensureDatabase(databaseUrl: string): Promise<void> {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.slice(1));
  if (!name) throw new Error('DATABASE_URL names no database');
  url.pathname = '/postgres';
  const admin = postgres(url.toString(), { max: 1, onnotice: () => {}, connect_timeout: 5 });
  try {
    const [row] = await admin`select 1 as present from pg_database where datname = ${name}`;
    if (row) return;
    try {
      await admin.unsafe(`create database "${name.replaceAll('"', '""')}"`);
    } catch (error) {
      // Another instance created it between our check and our create: that is the outcome we wanted.
      const code = pgErrorCode(error);
      if (code !== DUPLICATE_DATABASE && code !== UNIQUE_VIOLATION) throw error;
    }
  } finally {
    await admin.end({ timeout: 5 });
  }
}

/**
 * Applies every migration in `drizzle/` once. Instances that start together serialise on an advisory
 * lock, so the second one finds the work done instead of applying it again.
 */
export async function migrateDatabase(
  databaseUrl: string,
  migrationsFolder = defaultFolder(),
): Promise<void> {
  await ensureDatabase(databaseUrl);
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {}, connect_timeout: 5 });
  try {
    await sql`select pg_advisory_lock(${MIGRATION_LOCK_ID})`;
    try {
      await migrate(drizzle(sql), { migrationsFolder });
    } finally {
      await sql`select pg_advisory_unlock(${MIGRATION_LOCK_ID})`;
    }
  } finally {
    await sql.end({ timeout: 5 });
  }
}

function defaultFolder(): string {
  return path.join(process.cwd(), 'drizzle');
}
