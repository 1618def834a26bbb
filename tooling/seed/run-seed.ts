import cliProgress from 'cli-progress';
import postgres from 'postgres';
import { directDatabaseUrl, getConfig } from '../../lib/config';
import { seedCatalog, type SeedPhase, type SeedResult } from './seed';

export const DEFAULT_PRODUCTS = 10_000;

/**
 * Seeds on a connection pool of its own to PostgreSQL itself (DATABASE_DIRECT_URL when a transaction pooler
 * is DATABASE_URL: the seed sets a session's statement timeout around its VACUUM), with a progress bar per phase (on a terminal; elsewhere, one line as
 * each phase ends, so CI logs stay readable) and prints a one-line summary. Shared by db:seed and demo.
 */
export async function runSeed(options: { products: number; reset: boolean }): Promise<SeedResult> {
  const started = performance.now();
  const progress = createProgress();
  const sql = postgres(directDatabaseUrl(getConfig()), { max: 2, onnotice: () => {} });
  let result: SeedResult;
  try {
    result = await seedCatalog(sql, { ...options, onProgress: progress.update });
  } finally {
    progress.stop();
    await sql.end({ timeout: 5 });
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  if (result.skipped) {
    console.log(
      `Catalog already seeded (${result.products} products, ${result.reviews} reviews); nothing to do. ` +
        'Pass --reset to replace it.',
    );
  } else {
    console.log(
      `Seeded ${result.products} products, ${result.reviews} reviews, ${result.categories} categories ` +
        `and ${result.users} users in ${seconds} s.`,
    );
  }
  return result;
}

function createProgress(): {
  update: (done: number, total: number, phase: SeedPhase) => void;
  stop: () => void;
} {
  if (!process.stdout.isTTY) {
    return {
      update: (done, total, phase) => {
        if (done === total) console.log(`  ${phase}: ${done}/${total}`);
      },
      stop: () => {},
    };
  }
  const multibar = new cliProgress.MultiBar(
    { format: '  {phase} [{bar}] {percentage}% {value}/{total}', hideCursor: true, stream: process.stdout },
    cliProgress.Presets.shades_classic,
  );
  const bars = new Map<SeedPhase, cliProgress.SingleBar>();
  return {
    update: (done, total, phase) => {
      let bar = bars.get(phase);
      if (!bar) {
        bar = multibar.create(total, 0, { phase: phase.padEnd(10) });
        bars.set(phase, bar);
      }
      bar.setTotal(total);
      bar.update(done);
    },
    stop: () => multibar.stop(),
  };
}
