import { getConfig } from '../lib/config';
import { migrateDatabase } from '../lib/db/migrate';
import { describeDatabase, loadEnv, runMain } from './lib/cli';

runMain(async () => {
  loadEnv();
  const url = getConfig().DATABASE_URL;
  await migrateDatabase(url);
  console.log(`Migrations applied to ${describeDatabase(url)}.`);
});
