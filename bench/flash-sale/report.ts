import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { BenchOptions } from './options';
import type { PageFigures } from './page-load';
import type { CheckoutAnswer } from './checkouts';
import { RESULTS_DIR, type RunRecord } from '../report';
import { latency, round, type Latency } from '../stats';
import type { Verdict } from './verify';

export interface SaleFigures {
  seconds: number;
  checkoutsPerSecond: number;
  statuses: { created201: number; conflict409: number; other: number };
  /** The other answers by status (0: no answer at all). */
  otherStatuses: Record<string, number>;
  winners: Latency;
  losers: Latency;
  postgresTransactions: number;
  postgresTransactionsPerCheckout: number;
}

export interface Figures {
  date: string;
  machine: RunRecord['machine'];
  options: BenchOptions;
  sale: SaleFigures;
  page: { withoutSale: PageFigures; duringSale: PageFigures; ratio: number };
  verdict: Verdict;
  /** The servers' error lines during the run, the first few: where a 5xx or a slow path says why. */
  serverErrors: string[];
}

export function saleFigures(answers: CheckoutAnswer[], seconds: number, transactions: number): SaleFigures {
  const withStatus = (status: number) => answers.filter((answer) => answer.status === status);
  const winners = withStatus(201);
  const losers = withStatus(409);
  return {
    seconds: round(seconds, 2),
    checkoutsPerSecond: round(answers.length / seconds),
    statuses: {
      created201: winners.length,
      conflict409: losers.length,
      other: answers.length - winners.length - losers.length,
    },
    otherStatuses: countStatuses(answers.filter((answer) => answer.status !== 201 && answer.status !== 409)),
    winners: latency(winners.map((answer) => answer.latencyMs)),
    losers: latency(losers.map((answer) => answer.latencyMs)),
    postgresTransactions: transactions,
    postgresTransactionsPerCheckout: round(transactions / answers.length, 3),
  };
}

function countStatuses(answers: CheckoutAnswer[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const { status } of answers) counts[status] = (counts[status] ?? 0) + 1;
  return counts;
}

export function printFigures({ options, sale, page, verdict, serverErrors }: Figures): void {
  const { shoppers, units, concurrency, connections } = options;
  console.log(
    `\nFlash sale: ${shoppers} shoppers, ${units} units, ${concurrency} checkouts in flight, 2 instances`,
  );
  console.log(
    `  checkouts/s          ${sale.checkoutsPerSecond} (${shoppers} attempts in ${sale.seconds} s)`,
  );
  const { created201, conflict409, other } = sale.statuses;
  const others = Object.entries(sale.otherStatuses).map(([status, count]) => `${status} ×${count}`);
  console.log(
    `  answers              201: ${created201}  409: ${conflict409}  other: ${other}` +
      (others.length > 0 ? ` (${others.join(', ')})` : ''),
  );
  console.log(`  winners (201)        p50 ${sale.winners.p50Ms} ms  p99 ${sale.winners.p99Ms} ms`);
  console.log(`  losers (409)         p50 ${sale.losers.p50Ms} ms  p99 ${sale.losers.p99Ms} ms`);
  console.log(
    `  PostgreSQL           ${sale.postgresTransactionsPerCheckout} transactions per checkout attempt ` +
      `(${sale.postgresTransactions} in all)`,
  );
  console.log(`\nProduct page, ${connections} autocannon connections, ${page.duringSale.seconds} s windows`);
  console.log('  | when | requests/s | p50 ms | p99 ms | non-2xx |');
  console.log('  | --- | --- | --- | --- | --- |');
  for (const [label, figures] of [
    ['without sale', page.withoutSale],
    ['during sale', page.duringSale],
  ] as const) {
    const { requestsPerSecond, p50Ms, p99Ms, non2xx } = figures;
    console.log(`  | ${label} | ${requestsPerSecond} | ${p50Ms} | ${p99Ms} | ${non2xx} |`);
  }
  const goal = page.ratio >= 0.9 ? 'met' : 'missed';
  console.log(`  during / without = ${page.ratio} (goal ≥ 0.9: ${goal})`);
  printVerdict(verdict, units);
  if (serverErrors.length > 0)
    console.log(`\nServer error lines (first ${serverErrors.length}):\n${serverErrors.join('\n')}`);
}

function printVerdict(verdict: Verdict, units: number): void {
  const mark = (ok: boolean) => (ok ? 'ok  ' : 'FAIL');
  console.log(`\nCorrectness: ${verdict.passed ? 'PASSED' : 'FAILED'}`);
  console.log(`  ${mark(verdict.orders === units)} orders ${verdict.orders} == units ${units}`);
  console.log(`  ${mark(verdict.unitsSold === units)} units sold ${verdict.unitsSold} == ${units}`);
  console.log(`  ${mark(verdict.stockLeft === 0)} stock left ${verdict.stockLeft} == 0`);
  const serverErrors = verdict.checkoutServerErrors + verdict.pageServerErrors;
  console.log(
    `  ${mark(serverErrors === 0)} 5xx or no answer: checkouts ${verdict.checkoutServerErrors}, ` +
      `page ${verdict.pageServerErrors}`,
  );
}

/** bench/results/checkout-<ISO time>.json, colons made dashes so the name is portable. */
export async function writeFigures(figures: Figures): Promise<string> {
  await mkdir(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, `checkout-${figures.date.replaceAll(':', '-')}.json`);
  await writeFile(file, `${JSON.stringify(figures, null, 2)}\n`);
  return file;
}
