import autocannon from 'autocannon';
import type { Instance } from '../../test/next-instance';

/*
 * The catalog pages against Next.js's own floor and ceiling, on one instance of one build: a trivial
 * dynamic page (/bench/dynamic: the layout, its personal hole and one request-time hole) and a page
 * prerendered whole (/bench/static). Requests per second at `connections` connections and the median
 * latency at one; the ratios to the dynamic floor are what matter (the machine is shared and noisy).
 */

export interface FloorTarget {
  label: string;
  path: string;
}

export interface FloorFigures {
  label: string;
  requestsPerSecond: number;
  /** Median latency (ms) at one connection. */
  p50Ms: number;
  /** Median latency (ms) at `connections` connections. */
  loadedP50Ms: number;
  non2xx: number;
  bytes: number;
}

function run(url: string, connections: number, seconds: number): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon({ url, connections, duration: seconds }, (error, result) =>
      error ? reject(error) : resolve(result),
    );
  });
}

export async function measureFloor(
  instance: Instance,
  targets: FloorTarget[],
  options: { seconds: number; connections: number },
): Promise<FloorFigures[]> {
  const figures: FloorFigures[] = [];
  for (const { label, path } of targets) {
    const url = `${instance.baseURL}${path}`;
    // Warm: rendered and cached (twice: a render right after an invalidation is not stored).
    for (let i = 0; i < 3; i += 1) await (await fetch(url)).arrayBuffer();
    const bytes = (await (await fetch(url)).arrayBuffer()).byteLength;
    const loaded = await run(url, options.connections, options.seconds);
    const single = await run(url, 1, Math.max(2, Math.round(options.seconds / 2)));
    figures.push({
      label,
      requestsPerSecond: loaded.requests.average,
      p50Ms: single.latency.p50,
      loadedP50Ms: loaded.latency.p50,
      non2xx: loaded.non2xx + single.non2xx,
      bytes,
    });
  }
  return figures;
}

export function reportFloor(figures: FloorFigures[], connections: number): void {
  const floor = figures.find((figure) => figure.label.startsWith('trivial dynamic'));
  console.log(`\nPages against Next.js's floor: req/s at ${connections} connections, p50 at 1 connection\n`);
  console.log('| page | KB | req/s | × dynamic floor | p50 ms (1 conn) | × floor p50 | non-2xx |');
  console.log('| --- | --- | --- | --- | --- | --- | --- |');
  for (const figure of figures) {
    const rate = floor ? (figure.requestsPerSecond / floor.requestsPerSecond).toFixed(2) : '–';
    const p50 = floor ? (figure.p50Ms / floor.p50Ms).toFixed(2) : '–';
    const cells = [
      figure.label,
      (figure.bytes / 1024).toFixed(0),
      figure.requestsPerSecond.toFixed(0),
      rate,
      figure.p50Ms.toFixed(1),
      p50,
      String(figure.non2xx),
    ];
    console.log(`| ${cells.join(' | ')} |`);
  }
}
