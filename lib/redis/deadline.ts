/**
 * A deadline for one Redis call that is fair to Redis when the process itself is busy.
 *
 * A plain timer misjudges a saturated server: after a long turn of the event loop (hundreds of pages
 * rendered in one burst) expired timers run before the socket is read, so a reply that arrived in time is
 * declared late, and the circuit breaker would send a flash sale's traffic to PostgreSQL just when Redis
 * is healthiest. So when the timer fires we let the loop read pending I/O once (`setImmediate` runs after
 * the poll phase) and only then call it a timeout.
 */
export class RedisDeadlineError extends Error {
  constructor(ms: number) {
    super(`Redis did not answer within ${ms} ms`);
    this.name = 'RedisDeadlineError';
  }
}

export function withDeadline<T>(call: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const timer = setTimeout(() => {
      setImmediate(() => {
        if (!settled) reject(new RedisDeadlineError(ms));
      });
    }, ms);
    call.then(
      (value) => {
        settled = true;
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        settled = true;
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
