import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { recordFiles, writeRecord, type RunRecord } from './report';

const record = (mode: RunRecord['mode']): RunRecord => ({
  date: '2026-12-02T15:01:10.642Z',
  mode,
  machine: { cpus: 2, memoryGiB: 24, node: 'v20.20.2', load: [1, 2, 3] },
  parts: [
    {
      id: 'pages',
      title: 'Pages',
      seconds: 1,
      tables: [{ title: 'Requests per second', columns: ['page', 'req/s'], rows: [['home', 100]] }],
      figures: { pages_home_rps_1: 100 },
    },
  ],
});

describe("the run's record", () => {
  const out = mkdtempSync(path.join(tmpdir(), 'storefront-bench-report-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('names the dated files portably, and latest.md for every run but the smoke test', () => {
    expect(recordFiles(record('full'), 'bench/results')).toEqual({
      json: 'bench/results/2026-12-02T15-01-10.642Z.json',
      markdown: 'bench/results/2026-12-02T15-01-10.642Z.md',
      latest: 'bench/results/latest.md',
    });
    expect(recordFiles(record('quick'), 'bench/results').latest).toBe('bench/results/latest.md');
    expect(recordFiles(record('smoke'), 'bench/results').latest).toBeUndefined();
    // A run of some parts only would hide the others' figures.
    expect(recordFiles({ ...record('quick'), only: ['pages'] }, 'bench/results').latest).toBeUndefined();
  });

  it('writes latest.md as a copy of a full run’s Markdown', async () => {
    const directory = path.join(out, 'full');
    const files = await writeRecord(record('full'), directory);
    expect(readdirSync(directory).sort()).toEqual([
      '2026-12-02T15-01-10.642Z.json',
      '2026-12-02T15-01-10.642Z.md',
      'latest.md',
    ]);
    const markdown = readFileSync(files.markdown, 'utf8');
    expect(markdown).toContain('# Benchmark run of 2026-12-02T15:01:10.642Z (full)');
    expect(readFileSync(path.join(directory, 'latest.md'), 'utf8')).toBe(markdown);
  });

  it('leaves latest.md alone on a smoke run', async () => {
    const directory = path.join(out, 'smoke');
    await writeRecord(record('smoke'), directory);
    expect(readdirSync(directory)).not.toContain('latest.md');
  });
});
