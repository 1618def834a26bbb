import autocannon from 'autocannon';

/** One URL under load: autocannon's figures that the pages part reports. */
export interface LoadFigures {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  errors: number;
}

/**
 * Loads `url` with `connections` keep-alive connections for `seconds`, or for `amount` requests in all
 * (the smoke run's way to stay short).
 */
export function load(
  url: string,
  connections: number,
  length: { seconds: number } | { amount: number },
): Promise<LoadFigures> {
  // autocannon refuses fewer requests than connections: at least one each. A run of so many requests ends
  // only at its next sample, a second by default, whatever few milliseconds the requests took: sampled every
  // 50 ms it ends with them (the smoke run's 30-odd loads in 3 s instead of 30).
  const options =
    'seconds' in length
      ? { duration: length.seconds }
      : { amount: Math.max(length.amount, connections), sampleInt: 50 };
  return new Promise((resolve, reject) => {
    autocannon({ url, connections, ...options }, (error, result) => {
      if (error) return reject(error);
      const seconds = Math.max(result.duration, 0.001);
      resolve({
        // The mean over the run (autocannon's per-second average rounds a sub-second run down to 0).
        requestsPerSecond: result.requests.total / seconds,
        p50Ms: result.latency.p50,
        p99Ms: result.latency.p99,
        non2xx: result.non2xx,
        errors: result.errors + result.timeouts,
      });
    });
  });
}
