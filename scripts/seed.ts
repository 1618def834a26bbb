import { parseArgs } from 'node:util';
import { directDatabaseUrl, getConfig } from '../lib/config';
import { migrateDatabase } from '../lib/db/migrate';
import { loadEnv, runMain, UsageError } from '../tooling/cli';
import { DEFAULT_PRODUCTS, runSeed } from '../tooling/seed/run-seed';

const USAGE = 'usage: npm run db:seed -- [--products N] [--reset]   (N from 1 to 1000000, default 10000)';
const MAX_PRODUCTS = 1_000_000;

function parseCommandLine(): { products: number; reset: boolean } {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        products: { type: 'string', default: String(DEFAULT_PRODUCTS) },
        reset: { type: 'boolean', default: false },
      },
    }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error), USAGE);
  }
  const text = values.products.trim();
  const products = Number(text);
  if (!/^\d+$/.test(text) || products < 1 || products > MAX_PRODUCTS) {
    throw new UsageError(
      `--products must be an integer from 1 to ${MAX_PRODUCTS}, not "${values.products}"`,
      USAGE,
    );
  }
  return { products, reset: values.reset };
}

runMain(async () => {
  const options = parseCommandLine();
  loadEnv();
  // Migrating first means a fresh machine needs only this one command.
  await migrateDatabase(directDatabaseUrl(getConfig()));
  await runSeed(options);
});
