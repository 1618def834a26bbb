import autocannon from 'autocannon';
import { latency, round, type Latency } from '../stats';

/*
 * The hot product's page under autocannon while something else happens (or nothing does). Each answer is
 * recorded with the time it arrived, so the figures can be taken over an exact window (the sale's) rather
 * than over autocannon's whole run, and the baseline over a window of the same length.
 */

interface PageAnswer {
  at: number;
  latencyMs: number;
  status: number;
}

export interface PageLoad {
  /** Stops the load (requests in flight are dropped) and returns every answer it got. */
  stop(): Promise<PageRecord>;
}

export interface PageRecord {
  answers: PageAnswer[];
  startedAt: number;
  /** Connection errors and timeouts over the whole run. */
  errors: number;
}

export interface PageFigures extends Latency {
  seconds: number;
  requestsPerSecond: number;
  non2xx: number;
  serverErrors: number;
  connectionErrors: number;
}

// Longer than any run: the load ends when stop() is called, not on autocannon's clock.
const UNTIL_STOPPED_SECONDS = 24 * 3600;

/** `connections` keep-alive connections spread evenly over `urls` (autocannon's documented URL list). */
export function startPageLoad(urls: string[], connections: number): PageLoad {
  const answers: PageAnswer[] = [];
  const startedAt = performance.now();
  let instance: autocannon.Instance | undefined;
  const finished = new Promise<autocannon.Result>((resolve, reject) => {
    // @types/autocannon types `url` as one string; autocannon itself takes a list and cycles through it.
    const options = {
      url: urls,
      connections,
      duration: UNTIL_STOPPED_SECONDS,
    } as unknown as autocannon.Options;
    instance = autocannon(options, (error, result) => (error ? reject(error) : resolve(result)));
  });
  instance!.on('response', (_client, status, _bytes, latencyMs) => {
    answers.push({ at: performance.now(), latencyMs, status });
  });
  return {
    stop: async () => {
      instance!.stop();
      const result = await finished;
      return { answers, startedAt, errors: result.errors };
    },
  };
}

/** The figures of the answers that arrived between `from` and `to` (performance.now() times). */
export function pageFigures(record: PageRecord, from: number, to: number): PageFigures {
  const inWindow = record.answers.filter((answer) => answer.at >= from && answer.at <= to);
  const seconds = (to - from) / 1000;
  return {
    seconds: round(seconds, 2),
    requestsPerSecond: round(inWindow.length / seconds),
    ...latency(inWindow.map((answer) => answer.latencyMs)),
    non2xx: inWindow.filter((answer) => answer.status < 200 || answer.status >= 300).length,
    serverErrors: inWindow.filter((answer) => answer.status >= 500).length,
    connectionErrors: record.errors,
  };
}
