import { directDatabaseUrl, getConfig } from '../lib/config';
import { migrateDatabase } from '../lib/db/migrate';
import { describeDatabase, loadEnv, runMain } from '../tooling/cli';

runMain(async () => {
  loadEnv();
  // PostgreSQL itself: the migrations' advisory lock is a session's, which a transaction pooler breaks.
  const url = directDatabaseUrl(getConfig());
  await migrateDatabase(url);
  console.log(`Migrations applied to ${describeDatabase(url)}.`);
});
