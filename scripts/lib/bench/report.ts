import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { BenchMode, PartResult, Table } from './part';

/*
 * The run's record: every part's tables as Markdown (printed, and written next to the JSON so the README
 * can link the latest full run) and its figures as JSON, both under bench/results/<date>.
 */

export interface RunRecord {
  date: string;
  mode: BenchMode;
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

/** Writes bench/results/<date>.json and .md (the date with colons made dashes, so names are portable). */
export async function writeRecord(record: RunRecord, directory = path.join('bench', 'results')) {
  await mkdir(directory, { recursive: true });
  const base = path.join(directory, record.date.replaceAll(':', '-'));
  await writeFile(`${base}.json`, `${JSON.stringify(record, null, 2)}\n`);
  await writeFile(`${base}.md`, `${runMarkdown(record)}\n`);
  return { json: `${base}.json`, markdown: `${base}.md` };
}
