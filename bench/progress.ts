import cliProgress from 'cli-progress';

/**
 * One progress bar for a phase. Off a terminal (CI logs, a pipe) cli-progress prints the bar as a line
 * every 2 s instead of redrawing it.
 */
export function progressBar(label: string, total: number, detail = ''): cliProgress.SingleBar {
  const bar = new cliProgress.SingleBar(
    {
      format: `  ${label.padEnd(20)} [{bar}] {value}/{total} ${detail}`,
      hideCursor: true,
      noTTYOutput: true,
      notTTYSchedule: 2000,
      stream: process.stdout,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, {});
  return bar;
}
