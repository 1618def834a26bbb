import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { BenchMode, PartResult, Table } from './part';

/*
 * The run's record: every part's tables as Markdown (printed, and written next to the JSON) and its figures
 * as JSON, both under bench/results/<date>; the Markdown also as bench/results/latest.md, which the docs
 * link, unless the run is the smoke test's.
 */

/** Where `npm run bench` and `npm run bench:checkout` keep their records. */
export const RESULTS_DIR = path.join('bench', 'results');

export interface RunRecord {
  date: string;
  mode: BenchMode;
  /** The parts run, when `--only` chose some: such a run never becomes latest.md (it would hide the rest). */
  only?: string[];
  machine: { cpus: number; memoryGiB: number; node: string; load: number[] };
  parts: Array<{ id: string; title: string; seconds: number } & PartResult>;
}

export function machine(): RunRecord['machine'] {
  return {
    cpus: os.availableParallelism(),
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    load: os.loadavg().map((load) => Number(load.toFixed(2))),
  };
}

export function tableMarkdown(table: Table): string {
  const lines = [
    `#### ${table.title}`,
    '',
    `| ${table.columns.join(' | ')} |`,
    `| ${table.columns.map(() => '---').join(' | ')} |`,
    ...table.rows.map((row) => `| ${row.join(' | ')} |`),
  ];
  if (table.note) lines.push('', table.note);
  return lines.join('\n');
}

export function partMarkdown(part: RunRecord['parts'][number]): string {
  return [`### ${part.title}`, '', ...part.tables.map(tableMarkdown).flatMap((table) => [table, ''])].join(
    '\n',
  );
}

export function runMarkdown(record: RunRecord): string {
  const { cpus, memoryGiB, node, load } = record.machine;
  return [
    `# Benchmark run of ${record.date} (${record.mode})`,
    '',
    `${cpus} cores, ${memoryGiB} GiB, Node.js ${node}, load average at the start ${load.join(' / ')}. ` +
      'One run on one shared machine: read the ratios, not the absolute figures.',
    '',
    `Reproduce: \`npm run bench${record.mode === 'full' ? '' : ` -- --${record.mode}`}\``,
    '',
    ...record.parts.map(partMarkdown),
  ].join('\n');
}

export interface RecordFiles {
  json: string;
  markdown: string;
  /**
   * `latest.md`, a copy of `markdown`: every whole run's but the smoke test's (its figures are not worth
   * reading); not a run of some parts only (`--only`).
   */
  latest?: string;
}

/** `<date>.json` and `.md` (the date with colons made dashes, so names are portable), and `latest.md`. */
export function recordFiles(
  record: Pick<RunRecord, 'date' | 'mode' | 'only'>,
  directory = RESULTS_DIR,
): RecordFiles {
  const base = path.join(directory, record.date.replaceAll(':', '-'));
  const latest = record.mode === 'smoke' || record.only ? undefined : path.join(directory, 'latest.md');
  return { json: `${base}.json`, markdown: `${base}.md`, ...(latest && { latest }) };
}

/** Writes the run's record to `recordFiles`; answers the files written. */
export async function writeRecord(record: RunRecord, directory = RESULTS_DIR): Promise<RecordFiles> {
  const files = recordFiles(record, directory);
  const markdown = `${runMarkdown(record)}\n`;
  await mkdir(directory, { recursive: true });
  await writeFile(files.json, `${JSON.stringify(record, null, 2)}\n`);
  await writeFile(files.markdown, markdown);
  if (files.latest) await writeFile(files.latest, markdown);
  return files;
}
