import { parseArgs } from 'node:util';
import { UsageError } from '../../tooling/cli';

export const USAGE = `usage: npm run bench:checkout -- [--quick] [--shoppers N] [--units N] [--concurrency N]
                              [--connections N] [--baseline-seconds N]

  --quick             500 shoppers for 100 units (default 2000 for 200), 20 s page baseline (default 30)
  --shoppers N        signed-in shoppers, each with 1 unit of the hot product in the cart
  --units N           units of the hot product on sale
  --concurrency N     checkouts in flight at once (default 256)
  --connections N     autocannon connections on the product page (default 32)
  --baseline-seconds  how long the page is driven before the sale; the sale's own length is used of it

Needs a production build (npm run build).`;

export interface BenchOptions {
  quick: boolean;
  shoppers: number;
  units: number;
  concurrency: number;
  connections: number;
  baselineSeconds: number;
}

function positive(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0)
    throw new UsageError(`--${name} must be a positive integer`, USAGE);
  return value;
}

export function parseOptions(args: string[]): BenchOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        quick: { type: 'boolean', default: false },
        shoppers: { type: 'string' },
        units: { type: 'string' },
        concurrency: { type: 'string' },
        connections: { type: 'string' },
        'baseline-seconds': { type: 'string' },
      },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message, USAGE);
  }
  const quick = values.quick;
  const options: BenchOptions = {
    quick,
    shoppers: positive('shoppers', values.shoppers, quick ? 500 : 2000),
    units: positive('units', values.units, quick ? 100 : 200),
    concurrency: positive('concurrency', values.concurrency, 256),
    connections: positive('connections', values.connections, 32),
    baselineSeconds: positive('baseline-seconds', values['baseline-seconds'], quick ? 20 : 30),
  };
  // A sale with at least as many units as shoppers has no losers: nothing about contention to measure.
  if (options.units >= options.shoppers) throw new UsageError('--units must be below --shoppers', USAGE);
  return options;
}
