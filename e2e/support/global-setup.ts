import { prepareDatabase } from '../../tooling/run-env';
import { e2eEnv } from './run-env';

/** Three listing pages of 24 (the last one holding 12). */
const SEEDED_PRODUCTS = 60;

export default async function globalSetup(): Promise<void> {
  await prepareDatabase(e2eEnv().DATABASE_URL, SEEDED_PRODUCTS);
}
