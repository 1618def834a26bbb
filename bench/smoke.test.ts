import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { PARTS } from './parts';
import type { RunRecord } from './report';

// `npm run bench -- --smoke` end to end, on the production build `npm test` has just made: every part
// runs on a database, Redis and instances of the run's own, and leaves its tables and figures.

const out = mkdtempSync(path.join(tmpdir(), 'storefront-bench-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

it('runs every part and records its tables and figures', () => {
  const run = spawnSync(
    process.execPath,
    ['--import', 'tsx', 'scripts/bench.ts', '--smoke', '--no-build', '--out', out],
    { encoding: 'utf8', timeout: 400_000 },
  );
  expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);

  const files = readdirSync(out);
  expect(files.filter((file) => file.endsWith('.md'))).toHaveLength(1);
  // A smoke run's figures are not worth reading: bench/results/latest.md stays the last real run's.
  expect(files).not.toContain('latest.md');
  const json = files.find((file) => file.endsWith('.json'));
  const record = JSON.parse(readFileSync(path.join(out, json!), 'utf8')) as RunRecord;
  expect(record.mode).toBe('smoke');
  expect(record.parts.map((part) => part.id)).toEqual(PARTS.map((part) => part.id));
  for (const part of record.parts) {
    expect(part.tables.length, part.id).toBeGreaterThan(0);
    for (const table of part.tables) {
      expect(table.rows.length, `${part.id}: ${table.title}`).toBeGreaterThan(0);
      for (const row of table.rows)
        expect(row, `${part.id}: ${table.title}`).toHaveLength(table.columns.length);
    }
    const figures = Object.entries(part.figures);
    expect(figures.length, part.id).toBeGreaterThan(0);
    for (const [name, value] of figures) expect(Number.isFinite(value), `${part.id}: ${name}`).toBe(true);
  }
  // What the shop would print: the Markdown has every part's title.
  const markdown = readFileSync(
    path.join(
      out,
      files.find((file) => file.endsWith('.md'))!,
    ),
    'utf8',
  );
  for (const part of PARTS) expect(markdown).toContain(`### ${part.title}`);
});
